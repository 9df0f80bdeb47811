import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { randint } from './randint.js';
import { key } from './random-key.js';

describe('random.randint', () => {
  it('makes int32 tensors of the requested shape', () => {
    const x = randint(key(0), [2, 5], 0, 10);
    expect(x.shape).toEqual([2, 5]);
    expect(x.dtype).toBe('int32');
    expect(x.dataSync()).toBeInstanceOf(Int32Array);
    expect(randint(key(0), [2, 5], 0, 10).dataSync()).toEqual(x.dataSync());
    expect(randint(key(1), [], 5, 6).dataSync()).toEqual(new Int32Array([5]));
  });

  it('draws every value of [minval, maxval) equally often', () => {
    const n = 70_000;
    const counts = new Map<number, number>();
    for (const v of randint(key(31), [n], -3, 4).dataSync()) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    // Chi-square with 6 degrees of freedom: mean 6, standard deviation sqrt(12).
    let chiSquare = 0;
    for (const count of counts.values()) chiSquare += (count - n / 7) ** 2 / (n / 7);
    expect(chiSquare).toBeLessThan(6 + 5 * Math.sqrt(12));
  });

  it('has no modulo bias for spans that do not divide 2^32', () => {
    // The span is 3 * 2^30; reducing words mod span would put half the samples in the first third.
    const n = 30_000;
    const minval = -(2 ** 31);
    const values = randint(key(5), [n], minval, 2 ** 31 - 2 ** 30).dataSync();
    let firstThird = 0;
    for (const v of values) if (v < minval + 2 ** 30) firstThird++;
    expect(Math.abs(firstThird / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(2 / 9 / n));
  });

  it('covers the whole int32 range', () => {
    const n = 10_000;
    const values = randint(key(12), [n], -(2 ** 31), 2 ** 31).dataSync();
    let sum = 0;
    for (const v of values) sum += v;
    const sigma = 2 ** 32 / Math.sqrt(12 * n);
    expect(Math.abs(sum / n + 0.5)).toBeLessThan(5 * sigma);
  });

  it('rejects bad bounds and shapes, naming the argument', () => {
    const k = key(0);
    expect(() => randint(k, [2], 3, 3)).toThrow(
      "random.randint: argument 'maxval' must be greater than minval (3), got 3",
    );
    expect(() => randint(k, [2], 0.5, 3)).toThrow(
      "random.randint: argument 'minval' must be an integer in [-2147483648, 2147483647], got 0.5",
    );
    expect(() => randint(k, [2], 0, 2 ** 31 + 1)).toThrow(
      "random.randint: argument 'maxval' must be an integer in [-2147483647, 2147483648]",
    );
    expect(() => randint(k, [2], -(2 ** 31) - 1, 0)).toThrow(ValueError);
    expect(() => randint(k, [2], 0, Number.NaN)).toThrow(ValueError);
    expect(() => randint(k, [0.5], 0, 2)).toThrow("random.randint: argument 'shape'");
  });
});
