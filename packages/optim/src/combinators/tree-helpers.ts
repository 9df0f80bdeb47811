import {
  isFinite,
  isFloating,
  logicalNot,
  scope,
  stack,
  sum,
  type Tensor,
  type TensorLike,
  tree,
  zerosLike,
} from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import { isRowSparse, RowSparse } from '../row-sparse.js';
import type { Updates } from '../types.js';

/** The dense tensor holding a gradient leaf's numbers (a RowSparse leaf's row values). */
export function valuesOf(leaf: Tensor | RowSparse): Tensor {
  return isRowSparse(leaf) ? leaf.values : leaf;
}

/** Applies `fn` to each leaf's values, keeping RowSparse leaves sparse. */
export function mapValues(updates: Updates, fn: (values: Tensor) => Tensor): Updates {
  return tree.map(
    { isLeaf: isGradientLeaf },
    (leaf: Tensor | RowSparse) =>
      isRowSparse(leaf) ? new RowSparse(leaf.indices, fn(leaf.values), leaf.denseShape) : fn(leaf),
    updates,
  ) as Updates;
}

/** Zeros in the structure (and sparsity) of `updates`. */
export function zerosLikeUpdates(updates: Updates): Updates {
  return mapValues(updates, (values) => zerosLike(values));
}

/** `updates · factor` leaf by leaf (factor a number or a scalar tensor). */
export function scaleUpdates(
  updates: Updates,
  multiply: (values: Tensor, factor: TensorLike) => Tensor,
  factor: TensorLike,
): Updates {
  return mapValues(updates, (values) => multiply(values, factor));
}

/**
 * How many elements of each leaf `isBad` marks (a bool mask), read back in one transfer.
 * Integer and bool leaves count 0: they hold no NaN or Infinity. Call inside a `scope`.
 */
export function countPerLeaf(updates: Updates, isBad: (values: Tensor) => Tensor): number[] {
  const leaves = tree.leaves(updates, { isLeaf: isGradientLeaf }) as (Tensor | RowSparse)[];
  if (leaves.length === 0) return [];
  const counts = leaves.map((leaf) => {
    const values = valuesOf(leaf);
    return isFloating(values.dtype) ? sum(isBad(values)) : sum(zerosLike(values, 'int32'));
  });
  return Array.from(stack(counts).dataSync(), Number);
}

/** How many numbers in all the leaves are NaN or ±Infinity. */
export function countNotFinite(updates: Updates): number {
  return scope(() =>
    countPerLeaf(updates, (values) => logicalNot(isFinite(values))).reduce((a, b) => a + b, 0),
  );
}

/** True when every number in every leaf is finite (no NaN, no ±Infinity). */
export function allFinite(updates: Updates): boolean {
  return scope(() =>
    countPerLeaf(updates, (values) => logicalNot(isFinite(values))).every((count) => count === 0),
  );
}
