import { ValueError } from '@gradkit/tensor';
import { type Column, expectRank } from '../column.js';
import { Transform } from '../transform.js';

/** Options of `vision.Normalize`. */
export interface NormalizeOptions {
  /** Channels last (HWC, the default) or first (CHW), as MindSpore's `is_hwc`. */
  readonly isHwc?: boolean;
}

/**
 * `(x - mean[c]) / std[c]` per channel as float32, as MindSpore's `vision.Normalize(mean, std)`.
 * Images are [..., H, W, C] (or [..., C, H, W] with `isHwc: false`).
 *
 * @example
 * ```ts
 * import { vision } from '@gradkit/train';
 *
 * const normalize = new vision.Normalize([0.1307], [0.3081]);
 * normalize.apply({ dtype: 'float32', shape: [1, 1, 1], data: new Float32Array([0.1307]) }).data; // [0]
 * ```
 */
export class Normalize extends Transform {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly isHwc: boolean;

  constructor(mean: readonly number[], std: readonly number[], options: NormalizeOptions = {}) {
    super();
    const op = 'vision.Normalize';
    if (!Array.isArray(mean) || mean.length === 0 || !mean.every(Number.isFinite)) {
      throw new ValueError(op, 'mean', `must be a non-empty array of finite numbers, got ${mean}`);
    }
    if (!Array.isArray(std) || std.length !== mean.length || !std.every((s) => s > 0)) {
      throw new ValueError(
        op,
        'std',
        `must be ${mean.length} positive numbers (one per channel of mean), got ${std}`,
      );
    }
    this.mean = [...mean];
    this.std = [...std];
    this.isHwc = options.isHwc ?? true;
  }

  apply(column: Column): Column {
    const op = 'vision.Normalize';
    expectRank(op, column, 3, `an image ${this.isHwc ? '[H, W, C]' : '[C, H, W]'}`);
    const { shape, data } = column;
    const rank = shape.length;
    const channels = this.isHwc ? shape[rank - 1]! : shape[rank - 3]!;
    if (channels !== this.mean.length) {
      throw new ValueError(
        op,
        'column',
        `must have ${this.mean.length} channels (as mean), got shape [${shape.join(', ')}]`,
      );
    }
    const out = new Float32Array(data.length);
    if (channels === 1) {
      const [mean, std] = [this.mean[0]!, this.std[0]!];
      for (let i = 0; i < data.length; i++) out[i] = (data[i]! - mean) / std;
      return { dtype: 'float32', shape, data: out };
    }
    // Values of one channel are strided by 1 (CHW: a plane) or by C (HWC).
    const plane = this.isHwc ? 1 : shape[rank - 2]! * shape[rank - 1]!;
    for (let i = 0; i < data.length; i++) {
      const c = Math.floor(i / plane) % channels;
      out[i] = (data[i]! - this.mean[c]!) / this.std[c]!;
    }
    return { dtype: 'float32', shape, data: out };
  }
}
