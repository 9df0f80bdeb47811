import { type Tensor, tensor, ValueError } from '@gradkit/tensor';

/** Element types of a pipeline column: MNIST's images are `uint8` until a transform casts them. */
export type ColumnDType = 'uint8' | 'int32' | 'float32';

/** The typed array that stores each column dtype. */
export interface ColumnStorage {
  uint8: Uint8Array;
  int32: Int32Array;
  float32: Float32Array;
}

/**
 * One column of one pipeline element: plain values in row-major order, with their shape. A
 * row of a source is a view into the source's storage (no copy); a batch is one contiguous
 * array with a leading batch axis.
 */
export interface Column {
  readonly dtype: ColumnDType;
  readonly shape: readonly number[];
  readonly data: ColumnStorage[ColumnDType];
}

/** The number of values in a shape. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Fresh storage for `size` values of `dtype`. */
export function allocateColumn(dtype: ColumnDType, size: number): ColumnStorage[ColumnDType] {
  if (dtype === 'uint8') return new Uint8Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Float32Array(size);
}

/** The column dtype of a tensor's values; bool reads as uint8, float64 is narrowed to float32. */
export function columnOfTensor(value: Tensor): Column {
  const values = value.dataSync();
  const dtype: ColumnDType =
    value.dtype === 'int32' ? 'int32' : value.dtype === 'bool' ? 'uint8' : 'float32';
  const data =
    dtype === 'float32' && !(values instanceof Float32Array)
      ? Float32Array.from(values)
      : (values as ColumnStorage[ColumnDType]);
  return { dtype, shape: [...value.shape], data };
}

/** One tensor holding a column (uint8 becomes int32: tensors have no uint8 dtype). */
export function tensorOfColumn(column: Column): Tensor {
  if (column.dtype === 'float32')
    return tensor(column.data as Float32Array, [...column.shape], 'float32');
  const values =
    column.dtype === 'int32' ? (column.data as Int32Array) : Int32Array.from(column.data);
  return tensor(values, [...column.shape], 'int32');
}

/** Checks that a transform got the kind of column it works on. */
export function expectRank(op: string, column: Column, minRank: number, what: string): void {
  if (column.shape.length < minRank) {
    throw new ValueError(op, 'column', `must be ${what}, got shape [${column.shape.join(', ')}]`);
  }
}
