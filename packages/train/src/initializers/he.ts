import { type FloatDType, random, type Tensor, ValueError } from '@gradkit/tensor';
import { calculateGain, fans } from './fans.js';
import { Initializer, type SeedOptions } from './initializer.js';
import { nextKey } from './seed.js';

/** MindSpore's He (Kaiming) options. */
export interface HeOptions extends SeedOptions {
  /** 'fan_in' (default) keeps the forward variance, 'fan_out' the backward one. */
  readonly mode?: 'fan_in' | 'fan_out';
  /** Default 'leaky_relu' (with `negativeSlope` as its slope). */
  readonly nonlinearity?: string;
}

function heStd(
  op: string,
  shape: readonly number[],
  negativeSlope: number,
  options: HeOptions,
): number {
  const mode = options.mode ?? 'fan_in';
  if (mode !== 'fan_in' && mode !== 'fan_out') {
    throw new ValueError(op, 'mode', `must be 'fan_in' or 'fan_out', got ${JSON.stringify(mode)}`);
  }
  const { fanIn, fanOut } = fans(op, shape);
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', negativeSlope);
  return gain / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
}

/**
 * He uniform, as MindSpore's `HeUniform(negative_slope=0, mode='fan_in',
 * nonlinearity='leaky_relu')`: U(-b, b) with b = gain·√(3/fan).
 *
 * @example
 * ```ts
 * import { HeUniform } from '@gradkit/train';
 *
 * // PyTorch's default for Linear and Conv2d weights:
 * const w = new HeUniform(Math.sqrt(5), { seed: 0 }).init([6, 1, 5, 5]);
 * ```
 */
export class HeUniform extends Initializer {
  constructor(
    readonly negativeSlope = 0,
    readonly options: HeOptions = {},
  ) {
    super();
  }

  init(shape: readonly number[], dtype: FloatDType = 'float32'): Tensor {
    const bound = Math.sqrt(3) * heStd('HeUniform', shape, this.negativeSlope, this.options);
    return random.uniform(nextKey(this.options.seed), shape, {
      minval: -bound,
      maxval: bound,
      dtype,
    });
  }
}

/**
 * He normal, as MindSpore's `HeNormal(negative_slope=0, mode='fan_in',
 * nonlinearity='leaky_relu')`: N(0, std²) with std = gain/√fan.
 *
 * @example
 * ```ts
 * import { HeNormal } from '@gradkit/train';
 *
 * const w = new HeNormal(0, { mode: 'fan_out', nonlinearity: 'relu', seed: 0 }).init([64, 3, 3, 3]);
 * ```
 */
export class HeNormal extends Initializer {
  constructor(
    readonly negativeSlope = 0,
    readonly options: HeOptions = {},
  ) {
    super();
  }

  init(shape: readonly number[], dtype: FloatDType = 'float32'): Tensor {
    const std = heStd('HeNormal', shape, this.negativeSlope, this.options);
    return random.normal(nextKey(this.options.seed), shape, { std, dtype });
  }
}
