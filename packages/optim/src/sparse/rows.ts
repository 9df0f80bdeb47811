import { gather, scatterAdd, type Tensor, tensor, where, zeros } from '@gradkit/tensor';
import { RowSparse } from '../row-sparse.js';

/**
 * The dense gradient a RowSparse gradient stands for: zero rows elsewhere, duplicates summed.
 *
 * @example
 * ```ts
 * import { densify, RowSparse } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * densify(new RowSparse([1], tensor([[5, 6]]), [2, 2])).toArray(); // [[0, 0], [5, 6]]
 * ```
 */
export function densify(gradient: RowSparse): Tensor {
  return scatterAdd(
    zeros(gradient.denseShape, gradient.values.dtype),
    gradient.indices,
    gradient.values,
  );
}

/** A RowSparse gradient with distinct, sorted rows: duplicate rows summed, as MXNet does. */
export interface CoalescedRows {
  readonly rows: readonly number[];
  readonly indices: Tensor;
  readonly values: Tensor;
}

/**
 * Merges the repeated rows of a `RowSparse` gradient: sorted unique row indices, each with the
 * sum of its values. Lazy sparse updates step each row once with the coalesced gradient.
 *
 * @example
 * ```ts
 * import { coalesce, RowSparse } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const g = new RowSparse([2, 0, 2], tensor([[1], [2], [3]]), [4, 1]);
 * const rows = coalesce(g); // rows 0 and 2, values [[2], [4]]
 * ```
 */
export function coalesce(gradient: RowSparse): CoalescedRows {
  const listed = Array.from(gradient.indices.dataSync());
  const rows = [...new Set(listed)].sort((a, b) => a - b);
  if (rows.length === listed.length && rows.every((row, i) => row === listed[i])) {
    return { rows, indices: gradient.indices, values: gradient.values };
  }
  const position = new Map(rows.map((row, i) => [row, i]));
  const target = tensor(
    listed.map((row) => position.get(row)!),
    undefined,
    'int32',
  );
  const shape = [rows.length, ...gradient.denseShape.slice(1)];
  const values = scatterAdd(zeros(shape, gradient.values.dtype), target, gradient.values);
  return { rows, indices: tensor(rows, undefined, 'int32'), values };
}

/** The listed rows of `full`. */
export function takeRows(full: Tensor, rows: CoalescedRows): Tensor {
  return gather(full, rows.indices, 0);
}

/**
 * `full` with its listed rows replaced by `replacement`, exactly (no `x + (y - x)` rounding):
 * the replacement is scattered onto zeros and selected by a row mask.
 */
export function replaceRows(full: Tensor, rows: CoalescedRows, replacement: Tensor): Tensor {
  const rowCount = full.shape[0]!;
  const flags = new Array<boolean>(rowCount).fill(false);
  for (const row of rows.rows) flags[row] = true;
  const maskShape = [rowCount, ...full.shape.slice(1).map(() => 1)];
  const mask = tensor(flags, maskShape, 'bool');
  const scattered = scatterAdd(zeros(full.shape, full.dtype), rows.indices, replacement);
  return where(mask, scattered, full);
}

/** The update of a lazy step: the new values of the listed rows only. */
export function rowUpdate(rows: CoalescedRows, values: Tensor, denseShape: readonly number[]) {
  return new RowSparse(rows.indices, values, denseShape);
}
