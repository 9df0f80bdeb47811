import { type FloatDType, full, type Tensor } from '@gradkit/tensor';
import { Initializer } from './initializer.js';

/**
 * Fills with `value`, as MindSpore's `Constant`.
 *
 * @example
 * ```ts
 * import { Constant } from '@gradkit/train';
 *
 * new Constant(0.1).init([3]).toArray(); // [0.1, 0.1, 0.1] (float32)
 * ```
 */
export class Constant extends Initializer {
  constructor(readonly value: number) {
    super();
  }

  init(shape: readonly number[], dtype: FloatDType = 'float32'): Tensor {
    return full(shape, this.value, dtype);
  }
}

/**
 * Zeros, as MindSpore's `Zero` ('zeros').
 *
 * @example
 * ```ts
 * import { Zero } from '@gradkit/train';
 *
 * new Zero().init([2, 2]).toArray(); // [[0, 0], [0, 0]]
 * ```
 */
export class Zero extends Constant {
  constructor() {
    super(0);
  }
}

/**
 * Ones, as MindSpore's `One` ('ones').
 *
 * @example
 * ```ts
 * import { One } from '@gradkit/train';
 *
 * new One().init([4]).toArray(); // [1, 1, 1, 1]
 * ```
 */
export class One extends Constant {
  constructor() {
    super(1);
  }
}
