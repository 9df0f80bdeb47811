import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { permutation } from './permutation.js';
import { key, split } from './random-key.js';

describe('random.permutation', () => {
  it('returns an int32 permutation of 0..n-1', () => {
    for (const n of [0, 1, 2, 10, 1000]) {
      const x = permutation(key(n), n);
      expect(x.shape).toEqual([n]);
      expect(x.dtype).toBe('int32');
      const sorted = [...x.dataSync()].sort((a, b) => a - b);
      expect(sorted).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('is deterministic per key and differs between keys', () => {
    const a = permutation(key(1), 50).dataSync();
    expect(permutation(key(1), 50).dataSync()).toEqual(a);
    expect(permutation(key(2), 50).dataSync()).not.toEqual(a);
  });

  it('puts every value in every position equally often', () => {
    const n = 5;
    const trials = 6000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const k of split(key(77), trials)) {
      permutation(k, n)
        .dataSync()
        .forEach((value, position) => {
          counts[position]![value]! += 1;
        });
    }
    const expected = trials / n;
    let chiSquare = 0;
    for (const count of counts.flat()) chiSquare += (count - expected) ** 2 / expected;
    // (n - 1)^2 = 16 degrees of freedom: mean 16, standard deviation sqrt(32).
    expect(chiSquare).toBeLessThan(16 + 5 * Math.sqrt(32));
  });

  it('draws all orderings of a small set equally often', () => {
    const trials = 12_000;
    const counts = new Map<string, number>();
    for (const k of split(key(78), trials)) {
      const order = permutation(k, 4).dataSync().join();
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const expected = trials / 24;
    let chiSquare = 0;
    for (const count of counts.values()) chiSquare += (count - expected) ** 2 / expected;
    // 23 degrees of freedom: mean 23, standard deviation sqrt(46).
    expect(chiSquare).toBeLessThan(23 + 5 * Math.sqrt(46));
  });

  it('rejects counts that are not int32 sizes', () => {
    for (const n of [-1, 2.5, Number.NaN, 2 ** 31]) {
      expect(() => permutation(key(0), n)).toThrow(ValueError);
      expect(() => permutation(key(0), n)).toThrow(
        "random.permutation: argument 'n' must be an integer in [0, 2147483647]",
      );
    }
    expect(() => permutation(null as never, 3)).toThrow(
      "random.permutation: argument 'key' must be a RandomKey",
    );
  });
});
