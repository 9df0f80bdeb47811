import { scalar, Tensor as TensorClass, tensor } from '@gradkit/tensor';
import type { Parameter } from '../parameter/parameter.js';

/**
 * Where a front end's per-parameter state lives in the @gradkit/optim transform state: the
 * front end's names (PyTorch's `exp_avg`, MXNet's mean) against dotted paths (`adam.mu`). One
 * table per algorithm translates both ways, so a front end shows its own names while the
 * transforms keep theirs.
 */
export interface StateLayout {
  /** The front end's tensor names, in its order, and their paths. */
  readonly tensors: Readonly<Record<string, string>>;
  /** Its plain numbers (PyTorch NAdam's `mu_product`) and their paths. */
  readonly numbers?: Readonly<Record<string, string>>;
  /**
   * Paths holding the step count, each with the tensor it counts for (null: always). A count
   * whose tensor is saved as null starts again from 0, as PyTorch re-creates the buffer.
   */
  readonly counts: Readonly<Record<string, string | null>>;
  /** Tensors saved as null when absent (PyTorch SGD's `momentum_buffer` without momentum). */
  readonly nullable?: readonly string[];
  /** Whether the entry holds `step` (PyTorch's SGD does not); default true. */
  readonly step?: boolean;
}

/** One parameter's state under the front end's names (as PyTorch's `state_dict()` has it). */
export type LayoutEntry = Record<string, TensorClass | number | null>;

export function getPath(node: unknown, path: string): unknown {
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

/** The entry for one parameter: `step`, then the tensors and numbers by their names. */
export function toLayoutEntry(layout: StateLayout, transform: unknown, step: number): LayoutEntry {
  const entry: LayoutEntry = layout.step === false ? {} : { step };
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
 * The transform state for an entry, built on `fresh` (a new state of the same
 * transform, which decides the structure). Tensors may be Tensors or nested number lists (a
 * state dict exported from Python as JSON); lists become tensors like the parameter and are
 * added to `created` so the caller can free them. Missing names leave the fresh value, which
 * the base class's structure check then judges.
 */
export function fromLayoutEntry(
  layout: StateLayout,
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
    const count = restart ? 0 : counted === null ? step : Math.max(step, 1);
    // A transform that keeps its count on the device (the Adam family) gets a float32
    // scalar tensor, freed with the other made tensors once the state is copied in.
    let value: unknown = count;
    if (getPath(fresh, path) instanceof TensorClass) {
      value = scalar(count, 'float32');
      created.push(value as TensorClass);
    }
    state = setPath(state, path.split('.'), value);
  }
  return state;
}
