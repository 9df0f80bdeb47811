import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { noteRandomDraw } from '../observer.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { CounterStream } from './counter-stream.js';
import { assertKey, type RandomKey } from './random-key.js';
import { integerInRange, sampleSize } from './validation.js';

const INT32_MIN = -(2 ** 31);
const INT32_LIMIT = 2 ** 31;

/**
 * Uniform int32 samples in [minval, maxval), without modulo bias.
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const labels = random.randint(random.key(0), [8], 0, 10); // int32 in [0, 10)
 * ```
 */
export function randint(key: RandomKey, shape: Shape, minval: number, maxval: number): Tensor {
  const op = 'random.randint';
  assertKey(op, key);
  noteRandomDraw(op);
  const size = sampleSize(op, shape);
  // maxval is exclusive, so 2^31 still keeps every value inside int32.
  integerInRange(op, 'minval', minval, INT32_MIN, INT32_LIMIT - 1);
  integerInRange(op, 'maxval', maxval, INT32_MIN + 1, INT32_LIMIT);
  if (minval >= maxval) {
    throw new ValueError(op, 'maxval', `must be greater than minval (${minval}), got ${maxval}`);
  }
  const span = maxval - minval;
  const stream = new CounterStream(key);
  const values = new Int32Array(size);
  for (let i = 0; i < size; i++) values[i] = minval + stream.seek(i).nextBelow(span);
  return tensor(values, shape, 'int32');
}
