import { ValueError } from '@gradkit/tensor';
import { allocateColumn, type Column, expectRank, sizeOf } from '../column.js';
import { Transform } from '../transform.js';

/** Options of `vision.Pad`. */
export interface PadOptions {
  /** The value of the added pixels (default 0), as MindSpore's `fill_value`. */
  readonly fillValue?: number;
}

/**
 * Pads images [..., H, W, C] with a constant border, as MindSpore's `vision.Pad(padding,
 * fill_value)` in its default constant mode: `padding` is one number for all sides, two
 * (left/right, top/bottom) or four (left, top, right, bottom). The dtype is kept.
 *
 * @example
 * ```ts
 * import { vision } from '@gradkit/train';
 *
 * const padded = new vision.Pad(2).apply({ dtype: 'uint8', shape: [28, 28, 1], data: new Uint8Array(784) });
 * padded.shape; // [32, 32, 1]
 * ```
 */
export class Pad extends Transform {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly fillValue: number;

  constructor(padding: number | readonly number[], options: PadOptions = {}) {
    super();
    const sides = typeof padding === 'number' ? [padding] : [...padding];
    if (![1, 2, 4].includes(sides.length) || !sides.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new ValueError(
        'vision.Pad',
        'padding',
        `must be one, two or four non-negative integers, got ${JSON.stringify(padding)}`,
      );
    }
    const [left, top, right, bottom] =
      sides.length === 1
        ? [sides[0]!, sides[0]!, sides[0]!, sides[0]!]
        : sides.length === 2
          ? [sides[0]!, sides[1]!, sides[0]!, sides[1]!]
          : sides;
    this.left = left!;
    this.top = top!;
    this.right = right!;
    this.bottom = bottom!;
    this.fillValue = options.fillValue ?? 0;
    if (!Number.isFinite(this.fillValue)) {
      throw new ValueError(
        'vision.Pad',
        'fillValue',
        `must be a finite number, got ${this.fillValue}`,
      );
    }
  }

  apply(column: Column): Column {
    expectRank('vision.Pad', column, 3, 'an image [H, W, C]');
    const { shape, data } = column;
    const rank = shape.length;
    const [height, width, channels] = [shape[rank - 3]!, shape[rank - 2]!, shape[rank - 1]!];
    const outHeight = height + this.top + this.bottom;
    const outWidth = width + this.left + this.right;
    const images = sizeOf(shape.slice(0, rank - 3));
    const outShape = [...shape.slice(0, rank - 3), outHeight, outWidth, channels];
    const out = allocateColumn(column.dtype, sizeOf(outShape));
    if (this.fillValue !== 0) out.fill(this.fillValue);
    const rowLength = width * channels;
    for (let image = 0; image < images; image++) {
      const from = image * height * rowLength;
      const to = image * outHeight * outWidth * channels;
      for (let y = 0; y < height; y++) {
        // A plain loop: rows are short, and a subarray per row would cost more than the copy.
        const start = from + y * rowLength;
        const target = to + ((y + this.top) * outWidth + this.left) * channels;
        for (let k = 0; k < rowLength; k++) out[target + k] = data[start + k]!;
      }
    }
    return { dtype: column.dtype, shape: outShape, data: out };
  }
}
