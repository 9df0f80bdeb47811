import { type FloatDType, random, type Tensor } from '@gradkit/tensor';
import { Initializer, type SeedOptions } from './initializer.js';
import { nextKey } from './seed.js';

/**
 * U(-scale, scale), as MindSpore's `Uniform(scale=0.07)`.
 *
 * @example
 * ```ts
 * import { Uniform } from '@gradkit/train';
 *
 * const b = new Uniform(1 / Math.sqrt(400), { seed: 2 }).init([120]);
 * ```
 */
export class Uniform extends Initializer {
  constructor(
    readonly scale = 0.07,
    readonly options: SeedOptions = {},
  ) {
    super();
  }

  init(shape: readonly number[], dtype: FloatDType = 'float32'): Tensor {
    return random.uniform(nextKey(this.options.seed), shape, {
      minval: -this.scale,
      maxval: this.scale,
      dtype,
    });
  }
}
