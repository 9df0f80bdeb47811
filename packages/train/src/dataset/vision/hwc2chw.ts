import { allocateColumn, type Column, expectRank, sizeOf } from '../column.js';
import { Transform } from '../transform.js';

/**
 * Moves the channels first: [..., H, W, C] to [..., C, H, W], as MindSpore's
 * `vision.HWC2CHW()` (convolutions take NCHW). The dtype is kept.
 *
 * @example
 * ```ts
 * import { vision } from '@gradkit/train';
 *
 * const chw = new vision.HWC2CHW().apply({ dtype: 'uint8', shape: [28, 28, 1], data: new Uint8Array(784) });
 * chw.shape; // [1, 28, 28]
 * ```
 */
export class HWC2CHW extends Transform {
  apply(column: Column): Column {
    expectRank('vision.HWC2CHW', column, 3, 'an image [H, W, C]');
    const { shape, data } = column;
    const rank = shape.length;
    const [height, width, channels] = [shape[rank - 3]!, shape[rank - 2]!, shape[rank - 1]!];
    const outShape = [...shape.slice(0, rank - 3), channels, height, width];
    // One channel: the same values in the same order (transforms never write their input).
    if (channels === 1) return { dtype: column.dtype, shape: outShape, data };
    const out = allocateColumn(column.dtype, data.length);
    const plane = height * width;
    const images = sizeOf(shape.slice(0, rank - 3));
    for (let image = 0; image < images; image++) {
      const base = image * plane * channels;
      for (let p = 0; p < plane; p++) {
        for (let c = 0; c < channels; c++)
          out[base + c * plane + p] = data[base + p * channels + c]!;
      }
    }
    return { dtype: column.dtype, shape: outShape, data: out };
  }
}
