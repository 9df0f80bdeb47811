import { ValueError } from '@gradkit/tensor';
import { allocateColumn, type Column, type ColumnDType } from './column.js';
import { Transform } from './transform.js';

const DTYPES: readonly ColumnDType[] = ['uint8', 'int32', 'float32'];

/**
 * Converts a column to `dtype`, as MindSpore's `transforms.TypeCast(mstype.int32)`: e.g. MNIST's
 * uint8 labels to the int32 that sparse cross-entropy takes. Float to integer truncates
 * toward zero; uint8 wraps, as a C cast.
 *
 * @example
 * ```ts
 * import { transforms } from '@gradkit/train';
 *
 * const labels = new transforms.TypeCast('int32').apply({ dtype: 'uint8', shape: [], data: new Uint8Array([7]) });
 * labels.data; // Int32Array [7]
 * ```
 */
export class TypeCast extends Transform {
  readonly dtype: ColumnDType;

  constructor(dtype: ColumnDType) {
    super();
    if (!DTYPES.includes(dtype)) {
      throw new ValueError(
        'transforms.TypeCast',
        'dtype',
        `must be one of ${DTYPES.join(', ')}, got ${JSON.stringify(dtype)}`,
      );
    }
    this.dtype = dtype;
  }

  apply(column: Column): Column {
    const out = allocateColumn(this.dtype, column.data.length);
    out.set(column.data);
    return { dtype: this.dtype, shape: column.shape, data: out };
  }
}
