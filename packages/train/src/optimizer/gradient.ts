import { isRowSparse } from '@gradkit/optim';
import { Tensor } from '@gradkit/tensor';
import type { WeightGradient } from '../grad/value-and-grad.js';

/**
 * A gradient as every optimizer front end takes it: dense, or a `RowSparse` from an
 * Embedding with sparse gradients (what `valueAndGrad` gives for a weight).
 */
export type Gradient = WeightGradient;

/** The dense shape of a gradient, or undefined when `value` is no gradient at all. */
export function gradientShape(value: unknown): readonly number[] | undefined {
  if (isRowSparse(value)) return value.denseShape;
  return value instanceof Tensor ? value.shape : undefined;
}

/** Whether two shapes are equal, dimension by dimension. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
