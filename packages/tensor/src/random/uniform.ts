import { tensor } from '../creation.js';
import { allocate } from '../dtype.js';
import { ValueError } from '../errors.js';
import { noteRandomDraw } from '../observer.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { CounterStream } from './counter-stream.js';
import { highestBelow, lowestAtLeast, roundInto } from './float-bounds.js';
import { assertKey, type RandomKey } from './random-key.js';
import {
  checkOptions,
  type FloatDType,
  finiteNumber,
  floatDType,
  sampleSize,
} from './validation.js';

export interface UniformOptions {
  /** Inclusive lower bound; default 0. */
  minval?: number;
  /** Exclusive upper bound; default 1. */
  maxval?: number;
  /** Default float32. */
  dtype?: FloatDType;
}

/**
 * A uniform number in [0, 1) with as many bits as `dtype` has mantissa bits (23 or 52), so
 * every value is exactly representable and rounding can never reach 1.
 */
function unitFor(dtype: FloatDType): (stream: CounterStream) => number {
  if (dtype === 'float32') return (stream) => (stream.nextWord() >>> 9) * 2 ** -23;
  return (stream) => {
    const high = stream.nextWord();
    const low = stream.nextWord();
    return (high * 2 ** 20 + (low >>> 12)) * 2 ** -52;
  };
}

/**
 * Uniform samples in [minval, maxval).
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const x = random.uniform(random.key(0), [2, 3], { minval: -1, maxval: 1 });
 * ```
 */
export function uniform(key: RandomKey, shape: Shape = [], options?: UniformOptions): Tensor {
  const op = 'random.uniform';
  assertKey(op, key);
  noteRandomDraw(op);
  const size = sampleSize(op, shape);
  const { minval = 0, maxval = 1, dtype: requested } = checkOptions(op, options);
  const dtype = floatDType(op, requested);
  finiteNumber(op, 'minval', minval);
  finiteNumber(op, 'maxval', maxval);
  if (!(minval < maxval)) {
    throw new ValueError(op, 'maxval', `must be greater than minval (${minval}), got ${maxval}`);
  }
  // Clamp into the dtype's values inside [minval, maxval): rounding must not reach maxval.
  const low = lowestAtLeast(dtype, minval);
  const high = highestBelow(dtype, maxval);
  if (low > high) {
    throw new ValueError(op, 'maxval', `leaves no ${dtype} value in [${minval}, ${maxval})`);
  }
  const unit = unitFor(dtype);
  const stream = new CounterStream(key);
  const values = allocate(dtype, size);
  for (let i = 0; i < size; i++) {
    const u = unit(stream.seek(i));
    // The convex form cannot overflow even when maxval - minval would.
    values[i] = roundInto(dtype, minval * (1 - u) + maxval * u, low, high);
  }
  return tensor(values, shape, dtype);
}
