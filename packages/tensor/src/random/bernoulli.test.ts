import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { bernoulli } from './bernoulli.js';
import { key } from './random-key.js';

describe('random.bernoulli', () => {
  it('makes bool tensors, a scalar with p = 0.5 by default', () => {
    const x = bernoulli(key(0));
    expect(x.shape).toEqual([]);
    expect(x.dtype).toBe('bool');
    const y = bernoulli(key(0), 0.5, [2, 3]);
    expect(y.shape).toEqual([2, 3]);
    expect(y.dataSync()).toBeInstanceOf(Uint8Array);
    for (const v of y.dataSync()) expect(v === 0 || v === 1).toBe(true);
  });

  it('is true with frequency p', () => {
    const n = 100_000;
    for (const p of [0.5, 0.3, 0.01]) {
      const values = bernoulli(key(17), p, [n]).dataSync();
      let ones = 0;
      for (const v of values) ones += v;
      expect(Math.abs(ones / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('is never true for p = 0 and always true for p = 1', () => {
    expect(
      bernoulli(key(3), 0, [1000])
        .dataSync()
        .every((v) => v === 0),
    ).toBe(true);
    expect(
      bernoulli(key(3), 1, [1000])
        .dataSync()
        .every((v) => v === 1),
    ).toBe(true);
  });

  it('is deterministic and nested in p for one key', () => {
    const low = bernoulli(key(6), 0.2, [1000]).dataSync();
    const high = bernoulli(key(6), 0.7, [1000]).dataSync();
    expect(bernoulli(key(6), 0.2, [1000]).dataSync()).toEqual(low);
    // One uniform per element is compared with p, so raising p only adds trues.
    for (let i = 0; i < 1000; i++) expect(high[i]! >= low[i]!).toBe(true);
  });

  it('rejects probabilities outside [0, 1] and bad shapes', () => {
    for (const p of [-0.1, 1.5, Number.NaN, '0.5']) {
      expect(() => bernoulli(key(0), p as number, [2])).toThrow(ValueError);
      expect(() => bernoulli(key(0), p as number, [2])).toThrow(
        "random.bernoulli: argument 'p' must be a probability in [0, 1]",
      );
    }
    expect(() => bernoulli(key(0), 0.5, [-1])).toThrow("random.bernoulli: argument 'shape'");
    expect(() => bernoulli('key' as never)).toThrow(
      "random.bernoulli: argument 'key' must be a RandomKey",
    );
  });
});
