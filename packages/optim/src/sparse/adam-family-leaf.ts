import type { Tensor } from '@gradkit/tensor';
import { isRowSparse, type RowSparse } from '../row-sparse.js';
import { coalesce, densify, replaceRows, rowUpdate, takeRows } from './rows.js';

/**
 * One leaf of an Adam-family step, dense or sparse. `step(gradient, moments)` returns the
 * update and the new moments for dense tensors. A RowSparse gradient is either densified
 * (`lazy: false`: every row's moments decay, as the dense gradient with zero rows) or, with
 * `lazy: true`, stepped on its listed rows only (duplicates summed first): the moments change
 * in those rows and the update is a RowSparse over them (MXNet's `lazy_update`).
 *
 * @example
 * ```ts
 * import { adamFamilyLeaf } from '@gradkit/optim';
 * import { add, mul, tensor, zeros } from '@gradkit/tensor';
 *
 * // a momentum step m ← 0.9·m + g, run densely here (lazy = false)
 * const [update, m] = adamFamilyLeaf(tensor([1, 2]), [zeros([2])], false, (g, [m0]) => {
 *   const m1 = add(mul(m0!, 0.9), g);
 *   return [m1, m1];
 * });
 * ```
 */
export function adamFamilyLeaf(
  gradient: Tensor | RowSparse,
  moments: readonly Tensor[],
  lazy: boolean,
  step: (gradient: Tensor, moments: readonly Tensor[]) => readonly [Tensor, ...Tensor[]],
): readonly [Tensor | RowSparse, ...Tensor[]] {
  if (!isRowSparse(gradient)) return step(gradient, moments);
  if (!lazy) return step(densify(gradient), moments);
  const rows = coalesce(gradient);
  const [update, ...rowMoments] = step(
    rows.values,
    moments.map((m) => takeRows(m, rows)),
  );
  return [
    rowUpdate(rows, update, gradient.denseShape),
    ...rowMoments.map((m, i) => replaceRows(moments[i]!, rows, m)),
  ];
}
