import { tensor } from '../creation.js';
import { noteRandomDraw } from '../observer.js';
import type { Tensor } from '../tensor.js';
import { CounterStream } from './counter-stream.js';
import { assertKey, type RandomKey } from './random-key.js';
import { integerInRange } from './validation.js';

/**
 * A uniformly random ordering of 0..n-1 as an int32 tensor of shape [n].
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const order = random.permutation(random.key(0), 5); // int32, each of 0..4 once
 * ```
 */
export function permutation(key: RandomKey, n: number): Tensor {
  const op = 'random.permutation';
  assertKey(op, key);
  noteRandomDraw(op);
  integerInRange(op, 'n', n, 0, 2 ** 31 - 1);
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  // Fisher–Yates: each draw is sequential, so the whole shuffle reads one counter lane.
  const stream = new CounterStream(key).seek(0);
  for (let last = n - 1; last > 0; last--) {
    const pick = stream.nextBelow(last + 1);
    const held = values[last]!;
    values[last] = values[pick]!;
    values[pick] = held;
  }
  return tensor(values, [n], 'int32');
}
