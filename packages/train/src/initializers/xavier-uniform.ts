import { type FloatDType, random, type Tensor } from '@gradkit/tensor';
import { fans } from './fans.js';
import { Initializer, type SeedOptions } from './initializer.js';
import { nextKey } from './seed.js';

/**
 * Xavier (Glorot) uniform, as MindSpore's `XavierUniform(gain=1)`: U(-b, b) with
 * b = gain·√(6/(fan_in + fan_out)).
 *
 * @example
 * ```ts
 * import { XavierUniform } from '@gradkit/train';
 *
 * const w = new XavierUniform(1, { seed: 3 }).init([84, 120]);
 * ```
 */
export class XavierUniform extends Initializer {
  constructor(
    readonly gain = 1,
    readonly options: SeedOptions = {},
  ) {
    super();
  }

  init(shape: readonly number[], dtype: FloatDType = 'float32'): Tensor {
    const { fanIn, fanOut } = fans('XavierUniform', shape);
    const bound = this.gain * Math.sqrt(6 / (fanIn + fanOut));
    return random.uniform(nextKey(this.options.seed), shape, {
      minval: -bound,
      maxval: bound,
      dtype,
    });
  }
}
