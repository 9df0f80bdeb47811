import { arange, scalar } from '../creation.js';
import type { DType } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { opScope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { equal } from './binary.js';
import { release, type TensorLike, toOperand } from './convert.js';
import { expandDims } from './reshape.js';
import { where } from './where.js';

/**
 * One-hot encoding: adds a trailing axis of size `depth` with `onValue` at each index and
 * `offValue` elsewhere. Indices must lie in [0, depth); an index outside is an error, except
 * on a backend that reads back asynchronously only (`readsSynchronously: false`, WebGPU),
 * where checking would block and the row is all `offValue` instead.
 *
 * @example
 * ```ts
 * import { oneHot, tensor } from '@gradkit/tensor';
 *
 * oneHot(tensor([0, 2], undefined, 'int32'), 3).toArray(); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(
  indices: TensorLike,
  depth: number,
  options: { onValue?: number; offValue?: number; dtype?: DType } = {},
): Tensor {
  const op = 'oneHot';
  if (!Number.isInteger(depth) || depth < 1)
    throw new ValueError(op, 'depth', `must be a positive integer, got ${depth}`);
  const index = toOperand(op, 'indices', indices, 'int32');
  try {
    if (index.tensor.dtype !== 'int32') {
      throw new DTypeError(op, 'indices', `must be int32, got ${index.tensor.dtype}`);
    }
    // The range check reads the indices on the host, which a backend that reads back
    // asynchronously only (WebGPU) cannot do without blocking: there it is skipped, and an
    // out-of-range index gives a row of offValue (TensorFlow's oneHot semantics).
    // Read through the backend, not dataSync: a check the result does not depend on, which
    // a function being compiled (@gradkit/jit) may then make while it is traced.
    const indexTensor = index.tensor;
    const values =
      indexTensor.backend.readsSynchronously === false
        ? undefined
        : indexTensor.backend.readSync(indexTensor.buffer.dataId, 'int32', indexTensor.size);
    if (values?.some((v) => v < 0 || v >= depth)) {
      const bad = values.find((v) => v < 0 || v >= depth);
      throw new ValueError(
        op,
        'indices',
        `holds ${bad}, out of range for depth ${depth} (expected 0 <= index < ${depth})`,
      );
    }
    const { onValue = 1, offValue = 0, dtype = 'float32' } = options;
    return opScope(() => {
      const hot = equal(expandDims(index.tensor, -1), arange(depth));
      // Select between values already in the target dtype so nothing rounds through float32.
      return where(hot, scalar(onValue, dtype), scalar(offValue, dtype));
    });
  } finally {
    release(index);
  }
}
