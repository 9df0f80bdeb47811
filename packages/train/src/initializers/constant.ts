import { type FloatDType, full, type Tensor } from '@gradkit/tensor';
import { Initializer } from './initializer.js';

/**
 * Fills with `value`, as MindSpore's `Constant`.
 *
 * @example
 * new Constant(0.1).init([3]); // [0.1, 0.1, 0.1]
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
 * new Zero().init([2, 2]);
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
 * new One().init([4]);
 */
export class One extends Constant {
  constructor() {
    super(1);
  }
}
