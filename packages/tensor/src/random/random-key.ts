import { ValueError } from '../errors.js';
import { threefry2x32 } from './threefry.js';

const WORD = 2 ** 32;

function isWord(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < WORD;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/**
 * A PRNG key: two uint32 words, immutable. Keys replace global random state: the same key
 * always gives the same values, so results never depend on call order. Use a key once;
 * derive fresh keys with `random.split` or `random.foldIn`.
 *
 * @example
 * ```ts
 * import { random, RandomKey } from '@gradkit/tensor';
 *
 * const key: RandomKey = random.key(0);
 * const [initKey, dropoutKey] = random.split(key);
 * const w = random.uniform(initKey!, [2, 2]);
 * ```
 */
export class RandomKey {
  /** The key's words, high word first (as JAX's `[k1, k2]`). */
  readonly data: readonly [number, number];

  constructor(data: readonly [number, number]) {
    if (!Array.isArray(data) || data.length !== 2 || !isWord(data[0]) || !isWord(data[1])) {
      throw new ValueError(
        'RandomKey',
        'data',
        `must be two integers in [0, 2^32), got ${describe(data)}`,
      );
    }
    this.data = Object.freeze([data[0], data[1]] as const);
    Object.freeze(this);
  }

  toString(): string {
    return `RandomKey([${this.data[0]}, ${this.data[1]}])`;
  }
}

/** Throws a ValueError naming `op` unless `key` is a RandomKey. */
export function assertKey(op: string, key: unknown): asserts key is RandomKey {
  if (!(key instanceof RandomKey)) {
    throw new ValueError(
      op,
      'key',
      `must be a RandomKey (make one with random.key(seed)), got ${describe(key)}`,
    );
  }
}

/**
 * The key of an integer seed. As JAX does for 64-bit seeds, the high 32 bits of the seed's
 * two's complement form the first word and the low 32 bits the second: `key(42)` is [0, 42].
 */
export function key(seed: number): RandomKey {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ValueError(
      'random.key',
      'seed',
      `must be an integer between -(2^53 - 1) and 2^53 - 1, got ${describe(seed)}`,
    );
  }
  // Division by 2^32 and ToUint32 (`>>> 0`) are exact on safe integers, negative ones included.
  return new RandomKey([Math.floor(seed / WORD) >>> 0, seed >>> 0]);
}

/** The key derived from `key` for `index`: the block (0, index) encrypted under it. */
function derive(key: RandomKey, index: number): RandomKey {
  return new RandomKey(threefry2x32(key.data, [0, index]));
}

/**
 * `num` new keys, independent of each other and of `key`. Key i encrypts the counter (0, i),
 * as JAX's partitionable Threefry does, so `split(key, 3)` is a prefix of `split(key, 5)`.
 */
export function split(key: RandomKey, num = 2): RandomKey[] {
  const op = 'random.split';
  assertKey(op, key);
  if (typeof num !== 'number' || !Number.isInteger(num) || num < 0 || num > WORD) {
    throw new ValueError(op, 'num', `must be an integer in [0, 2^32], got ${describe(num)}`);
  }
  return Array.from({ length: num }, (_, index) => derive(key, index));
}

/**
 * A new key that mixes `data` (an integer in [0, 2^32), such as a step or layer number)
 * into `key`. As in JAX, `foldIn(key, i)` equals `split(key, n)[i]`.
 */
export function foldIn(key: RandomKey, data: number): RandomKey {
  const op = 'random.foldIn';
  assertKey(op, key);
  if (!isWord(data)) {
    throw new ValueError(op, 'data', `must be an integer in [0, 2^32), got ${describe(data)}`);
  }
  return derive(key, data);
}
