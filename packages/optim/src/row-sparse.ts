import { ShapeError, type Tensor, tensor, ValueError } from '@gradkit/tensor';

/**
 * A gradient that is non-zero only in some rows of a 2-D (or higher) parameter, as an
 * embedding lookup produces: `values[i]` is the gradient of row `indices[i]`. The Adam
 * family accepts it; with `lazy: true` only those rows (and their moments) change, as
 * MXNet's `lazy_update`.
 *
 * @example
 * ```ts
 * import { RowSparse } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * // rows 0 and 3 of a [5, 2] embedding gradient
 * const g = new RowSparse([0, 3], tensor([[0.1, 0.2], [0.3, 0.4]]), [5, 2]);
 * ```
 */
export class RowSparse {
  readonly indices: Tensor;
  readonly values: Tensor;
  readonly denseShape: readonly number[];

  constructor(indices: Tensor | readonly number[], values: Tensor, denseShape: readonly number[]) {
    const op = 'RowSparse';
    const index = Array.isArray(indices)
      ? tensor(indices as number[], undefined, 'int32')
      : (indices as Tensor);
    if (index.dtype !== 'int32' || index.rank !== 1) {
      throw new ValueError(
        op,
        'indices',
        `must be a 1-D int32 tensor or an array of integers, got ${index.dtype} of shape [${index.shape.join(', ')}]`,
      );
    }
    if (denseShape.length < 1)
      throw new ShapeError(op, 'denseShape', 'must have at least one dimension');
    const expected = [index.shape[0]!, ...denseShape.slice(1)];
    if (values.shape.length !== expected.length || values.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeError(
        op,
        'values',
        `has shape [${values.shape.join(', ')}] but ${index.shape[0]} indices into [${denseShape.join(', ')}] need [${expected.join(', ')}]`,
      );
    }
    const rows = index.dataSync();
    for (const row of rows) {
      if (row < 0 || row >= denseShape[0]!) {
        throw new ValueError(op, 'indices', `holds ${row}, out of range for ${denseShape[0]} rows`);
      }
    }
    this.indices = index;
    this.values = values;
    this.denseShape = Object.freeze([...denseShape]);
  }
}

/**
 * Whether `value` is a `RowSparse` gradient (a type guard).
 *
 * @example
 * ```ts
 * import { isRowSparse, RowSparse } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * isRowSparse(new RowSparse([1], tensor([[1, 1]]), [3, 2])); // true
 * isRowSparse(tensor([1])); // false
 * ```
 */
export function isRowSparse(value: unknown): value is RowSparse {
  return value instanceof RowSparse;
}
