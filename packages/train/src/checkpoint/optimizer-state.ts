import { Tensor } from '@gradkit/tensor';
import { CheckpointError } from './safetensors.js';

/** A leaf of an optimizer's state: tensors go in the file's data, the rest in its header. */
export type StateLeaf = Tensor | number | string | boolean | null;

/** An optimizer's state: nested plain objects and arrays of leaves (PyTorch's state_dict shape). */
export type OptimizerState =
  | StateLeaf
  | readonly OptimizerState[]
  | { readonly [key: string]: OptimizerState };

/**
 * What `saveCheckpoint` and `loadCheckpoint` need from an optimizer: its state as a tree, and
 * a way to take such a tree back (validating it, and changing nothing when it throws).
 * `loadStateDict` must copy the tensors it keeps: the caller frees the ones it passed.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import type { CheckpointableOptimizer } from '@gradkit/train/checkpoint';
 *
 * let m: Tensor = tensor([0, 0]);
 * const optimizer: CheckpointableOptimizer = {
 *   stateDict: () => ({ step: 3, moments: [m] }),
 *   loadStateDict: (state) => {
 *     const moments = (state as { moments: Tensor[] }).moments;
 *     m = tensor(moments[0]!.toArray()); // a copy: the caller frees what it passed
 *   },
 * };
 * ```
 */
export interface CheckpointableOptimizer {
  stateDict(): OptimizerState;
  loadStateDict(state: OptimizerState): void;
}

const TENSOR_REF = '$tensor';

/**
 * Splits a state tree into its tensors (named `prefix` + dotted path) and a JSON skeleton in
 * which each tensor is `{"$tensor": name}`.
 */
export function flattenState(
  state: OptimizerState,
  prefix: string,
): { tensors: Map<string, Tensor>; skeleton: string } {
  const tensors = new Map<string, Tensor>();
  const walk = (node: OptimizerState, path: string): unknown => {
    if (node instanceof Tensor) {
      tensors.set(path, node);
      return { [TENSOR_REF]: path };
    }
    if (Array.isArray(node)) return node.map((child, i) => walk(child, `${path}.${i}`));
    if (node !== null && typeof node === 'object') {
      const proto = Object.getPrototypeOf(node);
      if (proto !== Object.prototype && proto !== null) {
        throw new CheckpointError(
          `optimizer state at '${path}' is a ${node.constructor?.name}; use plain objects, arrays, tensors, numbers, strings, booleans or null`,
        );
      }
      if (TENSOR_REF in node)
        throw new CheckpointError(
          `optimizer state at '${path}' uses the reserved key '${TENSOR_REF}'`,
        );
      return Object.fromEntries(
        Object.entries(node).map(([k, child]) => [
          k,
          walk(child as OptimizerState, `${path}.${k}`),
        ]),
      );
    }
    if (typeof node === 'number' && !Number.isFinite(node)) return { $number: String(node) };
    return node;
  };
  const skeleton = JSON.stringify(walk(state, prefix.replace(/\.$/, '')));
  return { tensors, skeleton };
}

/** Rebuilds a state tree from its skeleton and the file's tensors; names every missing tensor. */
export function unflattenState(
  skeleton: string,
  tensors: ReadonlyMap<string, Tensor>,
): { state: OptimizerState; used: Set<string> } {
  const used = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(skeleton);
  } catch {
    throw new CheckpointError('the optimizer state in the header is not JSON');
  }
  const walk = (node: unknown): OptimizerState => {
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record[TENSOR_REF] === 'string') {
        const name = record[TENSOR_REF] as string;
        const t = tensors.get(name);
        if (t === undefined)
          throw new CheckpointError(
            `the optimizer state refers to tensor '${name}', which the file lacks`,
          );
        used.add(name);
        return t;
      }
      if (typeof record.$number === 'string') return Number(record.$number);
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v)]));
    }
    return node as OptimizerState;
  };
  return { state: walk(parsed), used };
}
