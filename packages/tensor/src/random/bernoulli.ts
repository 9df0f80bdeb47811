import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { noteRandomDraw } from '../observer.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { CounterStream } from './counter-stream.js';
import { assertKey, type RandomKey } from './random-key.js';
import { sampleSize } from './validation.js';

/**
 * A bool tensor whose elements are true with probability `p`.
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const keep = random.bernoulli(random.key(0), 0.9, [4, 4]); // a dropout mask
 * ```
 */
export function bernoulli(key: RandomKey, p = 0.5, shape: Shape = []): Tensor {
  const op = 'random.bernoulli';
  assertKey(op, key);
  noteRandomDraw(op);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ValueError(op, 'p', `must be a probability in [0, 1], got ${String(p)}`);
  }
  const size = sampleSize(op, shape);
  // A uniform uint32 is below p * 2^32 with probability p (within 2^-32); p = 0 and p = 1 are exact.
  const threshold = p * 2 ** 32;
  const stream = new CounterStream(key);
  const values = new Uint8Array(size);
  for (let i = 0; i < size; i++) values[i] = stream.seek(i).nextWord() < threshold ? 1 : 0;
  return tensor(values, shape, 'bool');
}
