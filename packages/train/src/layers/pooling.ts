import {
  avgPool2d,
  div,
  maxPool2d,
  ones,
  pad,
  scope,
  type Tensor,
  ValueError,
} from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions } from '../cell/check-arguments.js';
import { isSymmetric, type Padding4, type PadMode, resolvePadding, toPair } from './padding.js';

/** Options of the pooling cells, as MindSpore's keywords. */
export interface Pool2dOptions {
  /** Default 'valid', as MindSpore. */
  readonly padMode?: PadMode;
  /** With padMode 'pad': one number, or [top, bottom, left, right]. Default 0. */
  readonly padding?: number | readonly number[];
}

abstract class Pool2d extends Cell {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padMode: PadMode;
  readonly padding: number | readonly number[];

  constructor(
    op: string,
    kernelSize: number | readonly [number, number],
    stride: number | readonly [number, number],
    options: Pool2dOptions,
  ) {
    super();
    checkOptions(op, options, `new ${op}(kernelSize, stride, { padMode: 'same' })`);
    this.kernelSize = toPair(op, 'kernelSize', kernelSize);
    this.stride = toPair(op, 'stride', stride);
    this.padMode = options.padMode ?? 'valid';
    this.padding = options.padding ?? 0;
    resolvePadding(op, this.padMode, this.padding, [1, 1], [1, 1], [1, 1]);
  }

  protected geometry(op: string, x: Tensor): Padding4 {
    if (x.rank !== 4 && x.rank !== 3) {
      throw new ValueError(
        op,
        'x',
        `must be [N, C, H, W] or [C, H, W], got shape [${x.shape.join(', ')}]`,
      );
    }
    return resolvePadding(
      op,
      this.padMode,
      this.padding,
      [x.shape.at(-2)!, x.shape.at(-1)!],
      this.kernelSize,
      this.stride,
    );
  }
}

function padSpatial(x: Tensor, p: Padding4, value: number): Tensor {
  const lead = x.shape.slice(0, -2).map(() => [0, 0] as [number, number]);
  return pad(x, [...lead, [p[0], p[1]], [p[2], p[3]]], value);
}

/**
 * Max over windows, as MindSpore's `nn.MaxPool2d(kernel_size=1, stride=1, pad_mode='valid')`;
 * padding never wins the max.
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { MaxPool2d } from '@gradkit/train';
 *
 * const pool = new MaxPool2d(2, 2);
 * pool(zeros([1, 3, 8, 8])).shape; // [N, C, H/2, W/2] = [1, 3, 4, 4]
 * ```
 */
export class MaxPool2d extends Pool2d {
  constructor(
    kernelSize: number | readonly [number, number] = 1,
    stride: number | readonly [number, number] = 1,
    options: Pool2dOptions = {},
  ) {
    super('MaxPool2d', kernelSize, stride, options);
  }

  construct(x: Tensor): Tensor {
    const p = this.geometry('MaxPool2d', x);
    const options = { kernelSize: this.kernelSize, stride: this.stride };
    if (isSymmetric(p) && p[0] * 2 <= this.kernelSize[0] && p[2] * 2 <= this.kernelSize[1]) {
      return maxPool2d(x, { ...options, padding: [p[0], p[2]] });
    }
    return scope(() => maxPool2d(padSpatial(x, p, Number.NEGATIVE_INFINITY), options));
  }
}

/**
 * Mean over windows, as MindSpore's `nn.AvgPool2d(kernel_size=1, stride=1, pad_mode='valid')`.
 * With 'same' the padding is not counted (TensorFlow's SAME); with 'pad' it is counted
 * (`count_include_pad=True`).
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { AvgPool2d } from '@gradkit/train';
 *
 * const pool = new AvgPool2d(2, 2);
 * pool(zeros([1, 3, 8, 8])).shape; // [N, C, H/2, W/2] = [1, 3, 4, 4]
 * ```
 */
export class AvgPool2d extends Pool2d {
  constructor(
    kernelSize: number | readonly [number, number] = 1,
    stride: number | readonly [number, number] = 1,
    options: Pool2dOptions = {},
  ) {
    super('AvgPool2d', kernelSize, stride, options);
  }

  construct(x: Tensor): Tensor {
    const p = this.geometry('AvgPool2d', x);
    const options = { kernelSize: this.kernelSize, stride: this.stride };
    if (this.padMode === 'same' && p.some((v) => v > 0)) {
      // Sum over the window divided by the number of real elements in it.
      return scope(() => {
        const sums = avgPool2d(padSpatial(x, p, 0), options);
        const counts = avgPool2d(padSpatial(ones(x.shape, x.dtype), p, 0), options);
        return div(sums, counts);
      });
    }
    if (isSymmetric(p) && p[0] * 2 <= this.kernelSize[0] && p[2] * 2 <= this.kernelSize[1]) {
      return avgPool2d(x, { ...options, padding: [p[0], p[2]], countIncludePad: true });
    }
    return scope(() => avgPool2d(padSpatial(x, p, 0), options));
  }
}
