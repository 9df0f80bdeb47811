import { type Tensor, tensor } from '@gradkit/tensor';
import { type Digits, IMAGE_SIZE, PIXELS } from './mnist-digits.js';

// MNIST's pixel mean and standard deviation (as torchvision and MindSpore's LeNet example use).
const MEAN = 0.1307;
const STD = 0.3081;

/** How a model wants its images: 28×28 zero-padded by `pad` on each side, NCHW, normalized. */
export interface InputFormat {
  readonly pad: number;
}

/** Writes image `src` of `digits` into `out` at slot `dst`, padded and normalized. */
function writeImage(digits: Digits, src: number, out: Float32Array, dst: number, pad: number) {
  const side = IMAGE_SIZE + 2 * pad;
  const base = dst * side * side;
  // Padding is background: the normalized value of a 0 pixel.
  out.fill(-MEAN / STD, base, base + side * side);
  const from = src * PIXELS;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const row = base + (y + pad) * side + pad;
    for (let x = 0; x < IMAGE_SIZE; x++) {
      out[row + x] = (digits.pixels[from + y * IMAGE_SIZE + x]! - MEAN) / STD;
    }
  }
}

/** One batch as tensors: images [n, 1, side, side] float32 and labels [n] int32. */
export function makeBatch(
  digits: Digits,
  indices: ArrayLike<number>,
  format: InputFormat,
): [images: Tensor, labels: Tensor] {
  const side = IMAGE_SIZE + 2 * format.pad;
  const n = indices.length;
  const pixels = new Float32Array(n * side * side);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = indices[i]!;
    writeImage(digits, src, pixels, i, format.pad);
    labels[i] = digits.labels[src]!;
  }
  return [tensor(pixels, [n, 1, side, side]), tensor(labels, [n], 'int32')];
}

/** Splits an index order into consecutive batches (the last one may be smaller). */
export function* batchIndices(order: Int32Array, batchSize: number): Generator<Int32Array> {
  for (let start = 0; start < order.length; start += batchSize) {
    yield order.subarray(start, Math.min(start + batchSize, order.length));
  }
}
