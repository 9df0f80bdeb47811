import { type FloatDType, random, type Tensor } from '@gradkit/tensor';
import { Initializer, type SeedOptions } from './initializer.js';
import { nextKey } from './seed.js';

/**
 * N(mean, sigma²), as MindSpore's `Normal(sigma=0.01, mean=0.0)`.
 *
 * @example
 * ```ts
 * import { Normal } from '@gradkit/train';
 *
 * const w = new Normal(0.02, 0, { seed: 1 }).init([120, 400]);
 * ```
 */
export class Normal extends Initializer {
  constructor(
    readonly sigma = 0.01,
    readonly mean = 0,
    readonly options: SeedOptions = {},
  ) {
    super();
  }

  init(shape: readonly number[], dtype: FloatDType = 'float32'): Tensor {
    return random.normal(nextKey(this.options.seed), shape, {
      mean: this.mean,
      std: this.sigma,
      dtype,
    });
  }
}
