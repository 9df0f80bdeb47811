import { Tensor as TensorClass, tensor } from '@gradkit/tensor';
import type { Parameter } from '../parameter/parameter.js';

/**
 * Where PyTorch's per-parameter state lives in a spec's transform state: PyTorch's names
 * (`exp_avg`) against dotted paths (`adam.mu`). One table per algorithm translates both ways,
 * so the state dict has PyTorch's keys while the transforms keep their own.
 */
export interface TorchStateLayout {
  /** PyTorch's tensor names, in PyTorch's order, and their paths. */
  readonly tensors: Readonly<Record<string, string>>;
  /** PyTorch's plain numbers (NAdam's `mu_product`) and their paths. */
  readonly numbers?: Readonly<Record<string, string>>;
  /**
   * Paths holding the step count, each with the tensor it counts for (null: always). A count
   * whose tensor is saved as null starts again from 0, as PyTorch re-creates the buffer.
   */
  readonly counts: Readonly<Record<string, string | null>>;
  /** Tensors PyTorch saves as null when absent (SGD's `momentum_buffer` without momentum). */
  readonly nullable?: readonly string[];
  /** Whether PyTorch saves `step` (SGD does not); default true. */
  readonly step?: boolean;
}

/** One parameter's state as PyTorch's `state_dict()` has it. */
export type TorchParamState = Record<string, TensorClass | number | null>;

function getPath(node: unknown, path: string): unknown {
  let current = node;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setPath(node: unknown, keys: readonly string[], value: unknown): unknown {
  const [key, ...rest] = keys;
  if (key === undefined) return value;
  const copy = { ...(node as Record<string, unknown>) };
  copy[key] = setPath(copy[key], rest, value);
  return copy;
}

/** PyTorch's entry for one parameter: `step`, then the tensors and numbers by their names. */
export function toTorchState(
  layout: TorchStateLayout,
  transform: unknown,
  step: number,
): TorchParamState {
  const entry: TorchParamState = layout.step === false ? {} : { step };
  for (const [name, path] of Object.entries(layout.tensors)) {
    const value = getPath(transform, path);
    if (value instanceof TensorClass) entry[name] = value;
    else if (layout.nullable?.includes(name)) entry[name] = null;
  }
  for (const [name, path] of Object.entries(layout.numbers ?? {})) {
    const value = getPath(transform, path);
    if (typeof value === 'number') entry[name] = value;
  }
  return entry;
}

/** A number from a number, a one-element tensor or a nested one-element list (PyTorch ≥ 1.12's `step`). */
export function scalarOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof TensorClass && value.size === 1) return Number(value.dataSync()[0]);
  if (Array.isArray(value) && value.length === 1) return scalarOf(value[0]);
  return undefined;
}

/**
 * The transform state for a PyTorch entry, built on `fresh` (a new state of the same
 * transform, which decides the structure). Tensors may be Tensors or nested number lists (a
 * state dict exported from Python as JSON); lists become tensors like the parameter and are
 * added to `created` so the caller can free them. Missing names leave the fresh value, which
 * the base class's structure check then judges.
 */
export function fromTorchState(
  layout: TorchStateLayout,
  entry: Record<string, unknown>,
  fresh: unknown,
  step: number,
  param: Parameter,
  created: TensorClass[],
): unknown {
  let state = fresh;
  const missing = new Set<string>();
  for (const [name, path] of Object.entries(layout.tensors)) {
    if (getPath(fresh, path) === undefined) continue;
    const value = entry[name];
    if (value === null || value === undefined) {
      missing.add(name);
      continue;
    }
    let t: unknown = value;
    if (Array.isArray(value)) {
      t = tensor(value.flat(Number.POSITIVE_INFINITY) as number[], [...param.shape], param.dtype);
      created.push(t as TensorClass);
    }
    state = setPath(state, path.split('.'), t);
  }
  for (const [name, path] of Object.entries(layout.numbers ?? {})) {
    const value = scalarOf(entry[name]);
    if (value !== undefined && getPath(fresh, path) !== undefined) {
      state = setPath(state, path.split('.'), value);
    }
  }
  for (const [path, counted] of Object.entries(layout.counts)) {
    if (getPath(fresh, path) === undefined) continue;
    const restart = counted !== null && missing.has(counted);
    // Without a saved step (SGD), a saved buffer still means "past the first step".
    state = setPath(
      state,
      path.split('.'),
      restart ? 0 : counted === null ? step : Math.max(step, 1),
    );
  }
  return state;
}
