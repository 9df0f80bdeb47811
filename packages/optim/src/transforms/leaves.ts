import { ShapeError, type Tensor, tree, ValueError } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import { checkFloatGradients } from '../check-inputs.js';
import { isRowSparse, type RowSparse } from '../row-sparse.js';
import type { Params, Updates } from '../types.js';

// Helpers the transforms share: walking several trees leaf by leaf (a RowSparse gradient
// counts as one leaf), building state trees and freezing state.

type Leaf = Tensor | RowSparse;
const leafOptions = { isLeaf: isGradientLeaf };

/**
 * Calls `fn` on each leaf of `updates` with the leaves at the same place in `others`, and
 * returns `outputs` trees in the structure of `updates`, the k-th holding `fn(...)[k]`.
 * `null` leaves (masked out, see `masked`) stay in place and are not visited.
 */
export function mapLeaves<R extends readonly unknown[]>(
  transform: string,
  updates: Updates,
  others: readonly unknown[],
  fn: (leaf: Leaf, ...others: Tensor[]) => R,
): { [K in keyof R]: Updates } {
  checkFloatGradients(transform, updates);
  const [leaves, definition] = tree.flatten(updates, leafOptions);
  const otherLeaves = others.map((other, i) => {
    const found = tree.leaves(other, leafOptions) as Tensor[];
    if (found.length !== leaves.length || !tree.structureEqual(updates, other, leafOptions)) {
      throw new ShapeError(
        transform,
        i === 0 ? 'state' : `state[${i}]`,
        'does not have the structure of the updates (was the state made by init on these parameters?)',
      );
    }
    return found;
  });
  const results = leaves.map((leaf, i) =>
    fn(leaf as Leaf, ...otherLeaves.map((found) => found[i]!)),
  );
  const count = results[0]?.length ?? 0;
  return Array.from({ length: count }, (_, k) =>
    tree.unflatten(
      definition,
      results.map((r) => r[k]),
    ),
  ) as unknown as { [K in keyof R]: Updates };
}

/** The error every non-Adam transform gives for a RowSparse gradient. */
export function rejectSparse(transform: string, leaf: Leaf): Tensor {
  if (isRowSparse(leaf)) {
    throw new ValueError(
      transform,
      'updates',
      'holds a RowSparse gradient; only the Adam family accepts sparse gradients (densify it first)',
    );
  }
  return leaf;
}

/** Like `mapLeaves` for transforms that take dense tensors only. */
export function mapDenseLeaves<R extends readonly unknown[]>(
  transform: string,
  updates: Updates,
  others: readonly unknown[],
  fn: (leaf: Tensor, ...others: Tensor[]) => R,
): { [K in keyof R]: Updates } {
  return mapLeaves(transform, updates, others, (leaf, ...rest) =>
    fn(rejectSparse(transform, leaf), ...rest),
  );
}

/** A tree in the structure of `params` with `fn(param)` at every leaf. */
export function mapParams(params: Params, fn: (param: Tensor) => unknown): Params {
  return tree.map(leafOptions, (p: Tensor) => fn(p), params) as Params;
}

/** The parameters a transform needs, or a clear error when `update` was called without them. */
export function requireParams(transform: string, params: Params | undefined): Params {
  if (params === undefined) {
    throw new ValueError(transform, 'params', 'must be passed to update: this transform uses them');
  }
  return params;
}

/** Freezes plain objects and arrays all the way down (tensors are immutable already). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
