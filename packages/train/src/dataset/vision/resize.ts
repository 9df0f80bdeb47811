import { ValueError } from '@gradkit/tensor';
import { type Column, expectRank, sizeOf } from '../column.js';
import { Transform } from '../transform.js';

/** Source index pairs and weights of a bilinear axis, with half-pixel centres. */
function axisWeights(inSize: number, outSize: number) {
  const low = new Int32Array(outSize);
  const high = new Int32Array(outSize);
  const weight = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const source = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    low[i] = Math.floor(source);
    high[i] = Math.min(low[i]! + 1, inSize - 1);
    weight[i] = source - low[i]!;
  }
  return { low, high, weight };
}

/**
 * Resizes images [..., H, W, C] to `size` ([height, width]) by bilinear interpolation, as
 * MindSpore's `vision.Resize(size)` with its default `Inter.LINEAR` (half-pixel centres, as
 * OpenCV and PyTorch's `interpolate(..., mode='bilinear', align_corners=False)`). The result
 * is float32.
 *
 * @example
 * ```ts
 * import { vision } from '@gradkit/train';
 *
 * const resized = new vision.Resize([32, 32]).apply({ dtype: 'uint8', shape: [28, 28, 1], data: new Uint8Array(784) });
 * resized.shape; // [32, 32, 1]
 * ```
 */
export class Resize extends Transform {
  readonly size: readonly [number, number];

  constructor(size: readonly [number, number]) {
    super();
    if (
      !Array.isArray(size) ||
      size.length !== 2 ||
      !size.every((s) => Number.isInteger(s) && s > 0)
    ) {
      throw new ValueError(
        'vision.Resize',
        'size',
        `must be [height, width] of positive integers, got ${JSON.stringify(size)}`,
      );
    }
    this.size = [size[0], size[1]];
  }

  apply(column: Column): Column {
    expectRank('vision.Resize', column, 3, 'an image [H, W, C]');
    const { shape, data } = column;
    const rank = shape.length;
    const [height, width, channels] = [shape[rank - 3]!, shape[rank - 2]!, shape[rank - 1]!];
    const [outHeight, outWidth] = this.size;
    const ys = axisWeights(height, outHeight);
    const xs = axisWeights(width, outWidth);
    const outShape = [...shape.slice(0, rank - 3), outHeight, outWidth, channels];
    const out = new Float32Array(sizeOf(outShape));
    const images = sizeOf(shape.slice(0, rank - 3));
    const pixel = (base: number, y: number, x: number, c: number) =>
      data[base + (y * width + x) * channels + c]!;
    for (let image = 0; image < images; image++) {
      const from = image * height * width * channels;
      const to = image * outHeight * outWidth * channels;
      for (let y = 0; y < outHeight; y++) {
        const [y0, y1, wy] = [ys.low[y]!, ys.high[y]!, ys.weight[y]!];
        for (let x = 0; x < outWidth; x++) {
          const [x0, x1, wx] = [xs.low[x]!, xs.high[x]!, xs.weight[x]!];
          for (let c = 0; c < channels; c++) {
            const top = pixel(from, y0, x0, c) * (1 - wx) + pixel(from, y0, x1, c) * wx;
            const bottom = pixel(from, y1, x0, c) * (1 - wx) + pixel(from, y1, x1, c) * wx;
            out[to + (y * outWidth + x) * channels + c] = top * (1 - wy) + bottom * wy;
          }
        }
      }
    }
    return { dtype: 'float32', shape: outShape, data: out };
  }
}
