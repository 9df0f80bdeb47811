import { type Tensor, tensor } from '@gradkit/tensor';
import { applyUpdates } from '../base.js';
import type { GradientTransformation, Params, Updates } from '../types.js';

export type Values = Record<string, number[]>;

/** Tensors of the given shapes from flat value lists. */
export function toParams(values: Values, shapes: Record<string, number[]>): Params {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, tensor(v, shapes[k])]),
  ) as Params;
}

export function toValues(params: Params): Values {
  return Object.fromEntries(
    Object.entries(params as Record<string, Tensor>).map(([k, t]) => [k, Array.from(t.dataSync())]),
  );
}

/** Runs `optimizer` over a gradient sequence; returns the parameters after each step. */
export function runSteps(
  // biome-ignore lint/suspicious/noExplicitAny: any transform.
  optimizer: GradientTransformation<any>,
  params: Params,
  grads: readonly Updates[],
): Params[] {
  let state = optimizer.init(params);
  let current = params;
  const out: Params[] = [];
  for (const g of grads) {
    const [updates, next] = optimizer.update(g, state, current);
    state = next;
    current = applyUpdates(current, updates);
    out.push(current);
  }
  return out;
}
