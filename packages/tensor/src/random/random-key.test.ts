import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/threefry.json' with { type: 'json' };
import { ValueError } from '../errors.js';
import { foldIn, key, RandomKey, split } from './random-key.js';
import { threefry2x32 } from './threefry.js';

function referenceOutput(keyWords: number[], counter: number[]): number[] {
  const vector = fixture.vectors.find(
    (v) => v.key.join() === keyWords.join() && v.counter.join() === counter.join(),
  );
  if (vector === undefined) throw new Error(`no fixture for ${keyWords} / ${counter}`);
  return vector.output;
}

describe('random.key', () => {
  it('splits seeds into high and low words as JAX does', () => {
    // jax.random.PRNGKey(0) is [0, 0] and PRNGKey(42) is [0, 42].
    expect(key(0).data).toEqual([0, 0]);
    expect(key(42).data).toEqual([0, 42]);
    expect(key(2 ** 32 + 5).data).toEqual([1, 5]);
    expect(key(2 ** 53 - 1).data).toEqual([2 ** 21 - 1, 2 ** 32 - 1]);
  });

  it('takes negative seeds in 64-bit two complement', () => {
    expect(key(-1).data).toEqual([0xffffffff, 0xffffffff]);
    expect(key(-(2 ** 32)).data).toEqual([0xffffffff, 0]);
    expect(key(-(2 ** 53 - 1)).data).toEqual([2 ** 32 - 2 ** 21, 1]);
  });

  it('makes immutable keys that print their words', () => {
    const k = key(7);
    expect(k).toBeInstanceOf(RandomKey);
    expect(Object.isFrozen(k)).toBe(true);
    expect(Object.isFrozen(k.data)).toBe(true);
    expect(k.toString()).toBe('RandomKey([0, 7])');
    expect(String(key(-1))).toBe('RandomKey([4294967295, 4294967295])');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53), '1', undefined])(
    'rejects the seed %s',
    (seed) => {
      expect(() => key(seed as number)).toThrow(ValueError);
      expect(() => key(seed as number)).toThrow(
        "random.key: argument 'seed' must be an integer between -(2^53 - 1) and 2^53 - 1",
      );
    },
  );

  it('validates words given to the constructor', () => {
    expect(new RandomKey([1, 2]).data).toEqual([1, 2]);
    for (const data of [[1, 2 ** 32], [-1, 0], [0.5, 0], [1], [1, 2, 3]]) {
      expect(() => new RandomKey(data as unknown as [number, number])).toThrow(
        "RandomKey: argument 'data' must be two integers in [0, 2^32)",
      );
    }
  });
});

describe('random.split', () => {
  it('encrypts the counters (0, i) under the key, matching the Python reference', () => {
    const [first, second] = split(key(42));
    expect(first?.data).toEqual(referenceOutput([0, 42], [0, 0]));
    expect(second?.data).toEqual(referenceOutput([0, 42], [0, 1]));
  });

  it('is deterministic and prefix-stable', () => {
    const k = key(3);
    const five = split(k, 5).map((s) => s.data);
    expect(split(k, 5).map((s) => s.data)).toEqual(five);
    expect(split(k, 3).map((s) => s.data)).toEqual(five.slice(0, 3));
    expect(split(k, 0)).toEqual([]);
  });

  it('gives distinct keys, distinct from the parent', () => {
    const parent = key(0);
    const words = new Set(split(parent, 1000).map((s) => s.data.join()));
    words.add(parent.data.join());
    expect(words.size).toBe(1001);
  });

  it('rejects bad keys and counts', () => {
    expect(() => split([0, 42] as unknown as RandomKey)).toThrow(
      "random.split: argument 'key' must be a RandomKey (make one with random.key(seed)), got [0, 42]",
    );
    for (const num of [-1, 1.5, Number.NaN, 2 ** 32 + 1]) {
      expect(() => split(key(0), num)).toThrow(
        "random.split: argument 'num' must be an integer in [0, 2^32]",
      );
    }
  });
});

describe('random.foldIn', () => {
  it('equals the matching split key, as in JAX', () => {
    const k = key(11);
    const keys = split(k, 4);
    for (let i = 0; i < 4; i++) expect(foldIn(k, i).data).toEqual(keys[i]?.data);
    expect(foldIn(k, 2 ** 32 - 1).data).toEqual(threefry2x32(k.data, [0, 2 ** 32 - 1]));
  });

  it('gives different keys for different data and different parents', () => {
    expect(foldIn(key(1), 5).data).not.toEqual(foldIn(key(1), 6).data);
    expect(foldIn(key(1), 5).data).not.toEqual(foldIn(key(2), 5).data);
  });

  it('rejects bad keys and data', () => {
    expect(() => foldIn(undefined as unknown as RandomKey, 1)).toThrow(
      "random.foldIn: argument 'key' must be a RandomKey",
    );
    for (const data of [-1, 0.5, 2 ** 32, Number.NaN, '3']) {
      expect(() => foldIn(key(0), data as number)).toThrow(
        "random.foldIn: argument 'data' must be an integer in [0, 2^32)",
      );
    }
  });
});
