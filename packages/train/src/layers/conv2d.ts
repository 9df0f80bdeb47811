import { conv2d, pad, type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions } from '../cell/check-arguments.js';
import { HeUniform } from '../initializers/he.js';
import { type InitializerLike, initialize } from '../initializers/resolve.js';
import { Uniform } from '../initializers/uniform.js';
import { Parameter } from '../parameter/parameter.js';
import { isSymmetric, type PadMode, resolvePadding, toPair } from './padding.js';

/** Options of Conv2d, as MindSpore's keywords and defaults. */
export interface Conv2dOptions {
  /** Default 1. */
  readonly stride?: number | readonly [number, number];
  /** Default 'same' (output size ceil(input/stride)), as MindSpore. */
  readonly padMode?: PadMode;
  /** With padMode 'pad': one number, or [top, bottom, left, right]. Default 0. */
  readonly padding?: number | readonly number[];
  /** Default 1. */
  readonly dilation?: number | readonly [number, number];
  /** Channel groups; default 1. */
  readonly group?: number;
  /** Default false, as MindSpore. */
  readonly hasBias?: boolean;
  /** Default HeUniform(√5), as MindSpore 2.x and PyTorch. */
  readonly weightInit?: InitializerLike;
  /** Default Uniform(1/√fan_in). */
  readonly biasInit?: InitializerLike;
}

/**
 * 2-D convolution over NCHW input, as MindSpore's `nn.Conv2d`: `weight` is
 * [outChannels, inChannels/group, kH, kW].
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { Conv2d } from '@gradkit/train';
 *
 * const conv = new Conv2d(1, 6, 5, { padMode: 'valid' });
 * const y = conv(zeros([2, 1, 28, 28])); // [N, 6, H-4, W-4] = [2, 6, 24, 24]
 * ```
 */
export class Conv2d extends Cell {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padMode: PadMode;
  readonly padding: number | readonly number[];
  readonly group: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | readonly [number, number],
    options: Conv2dOptions = {},
  ) {
    super();
    const op = 'Conv2d';
    checkOptions(
      op,
      options,
      "new Conv2d(inChannels, outChannels, kernelSize, { padMode: 'valid' })",
    );
    this.kernelSize = toPair(op, 'kernelSize', kernelSize);
    this.stride = toPair(op, 'stride', options.stride ?? 1);
    this.dilation = toPair(op, 'dilation', options.dilation ?? 1);
    this.padMode = options.padMode ?? 'same';
    this.padding = options.padding ?? 0;
    this.group = options.group ?? 1;
    if (
      !Number.isInteger(this.group) ||
      this.group < 1 ||
      inChannels % this.group !== 0 ||
      outChannels % this.group !== 0
    ) {
      throw new ValueError(
        op,
        'group',
        `must be a positive integer dividing inChannels (${inChannels}) and outChannels (${outChannels}), got ${this.group}`,
      );
    }
    // Validates padMode and padding now rather than at the first call.
    resolvePadding(op, this.padMode, this.padding, [1, 1], [1, 1], [1, 1]);
    const shape = [outChannels, inChannels / this.group, ...this.kernelSize];
    this.weight = new Parameter(
      initialize(options.weightInit ?? new HeUniform(Math.sqrt(5)), shape, 'float32', op),
      'weight',
    );
    const fanIn = (inChannels / this.group) * this.kernelSize[0] * this.kernelSize[1];
    this.bias = options.hasBias
      ? new Parameter(
          initialize(
            options.biasInit ?? new Uniform(1 / Math.sqrt(fanIn)),
            [outChannels],
            'float32',
            op,
          ),
          'bias',
        )
      : null;
  }

  construct(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new ValueError(
        'Conv2d',
        'x',
        `must be [N, ${this.inChannels}, H, W], got shape [${x.shape.join(', ')}]`,
      );
    }
    const padding = resolvePadding(
      'Conv2d',
      this.padMode,
      this.padding,
      [x.shape[2]!, x.shape[3]!],
      this.kernelSize,
      this.stride,
      this.dilation,
    );
    const options = {
      stride: this.stride,
      dilation: this.dilation,
      groups: this.group,
      ...(this.bias === null ? {} : { bias: this.bias.value }),
    };
    if (isSymmetric(padding))
      return conv2d(x, this.weight.value, { ...options, padding: [padding[0], padding[2]] });
    const padded = pad(x, [
      [0, 0],
      [0, 0],
      [padding[0], padding[1]],
      [padding[2], padding[3]],
    ]);
    const y = conv2d(padded, this.weight.value, options);
    padded.dispose();
    return y;
  }
}
