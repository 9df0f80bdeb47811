import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { backendSupports } from '../testing/index.js';
import { key, type RandomKey, split } from './random-key.js';
import { threefry2x32 } from './threefry.js';
import { uniform } from './uniform.js';
import type { FloatDType } from './validation.js';

// float64 is CPU-only; other backends run these tests in float32 alone.
const floatDTypes: FloatDType[] = backendSupports('float64') ? ['float32', 'float64'] : ['float32'];

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

describe('random.uniform', () => {
  it('makes float32 tensors of the requested shape by default', () => {
    const x = uniform(key(0), [2, 3]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe('float32');
    expect(x.dataSync()).toBeInstanceOf(Float32Array);
    expect(uniform(key(0)).shape).toEqual([]);
    expect(uniform(key(0), [0]).dataSync().length).toBe(0);
  });

  it('builds float32 values from the top 23 bits of the element word', () => {
    const k = key(42);
    const values = uniform(k, [3]).dataSync();
    for (let i = 0; i < 3; i++) {
      const [word] = threefry2x32(k.data, [1, i]);
      expect(values[i]).toBe((word >>> 9) * 2 ** -23);
    }
  });

  it.runIf(backendSupports('float64'))('builds float64 values from 52 bits of two words', () => {
    const k = key(42);
    const x = uniform(k, [3], { dtype: 'float64' });
    expect(x.dtype).toBe('float64');
    const values = x.dataSync();
    for (let i = 0; i < 3; i++) {
      const [high, low] = threefry2x32(k.data, [1, i]);
      expect(values[i]).toBe((high * 2 ** 20 + (low >>> 12)) * 2 ** -52);
    }
  });

  it('is a pure function of the key, independent of shape and call order', () => {
    const [a, b] = split(key(1)) as [RandomKey, RandomKey];
    const first = [uniform(a, [100]).dataSync(), uniform(b, [100]).dataSync()];
    const second = [uniform(b, [100]).dataSync(), uniform(a, [100]).dataSync()];
    expect(second[1]).toEqual(first[0]);
    expect(second[0]).toEqual(first[1]);
    expect(first[0]).not.toEqual(first[1]);
    expect(uniform(a, [10, 10]).dataSync()).toEqual(first[0]);
    expect(uniform(a, [30]).dataSync()).toEqual(first[0]?.slice(0, 30));
  });

  it('has the mean and variance of U[0, 1) and stays inside [0, 1)', () => {
    const n = 100_000;
    const values = uniform(key(123), [n]).dataSync();
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // The variance of a sample variance of U[0, 1) is (1/80 - 1/144) / n.
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    for (const v of values) expect(Number.isInteger(v * 2 ** 23)).toBe(true);
  });

  it('scales to [minval, maxval) in both dtypes', () => {
    const n = 100_000;
    for (const dtype of floatDTypes) {
      const values = uniform(key(7), [n], { minval: -3, maxval: 5, dtype }).dataSync();
      const { mean, variance } = moments(values);
      expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(64 / 12 / n));
      expect(Math.abs(variance - 64 / 12) / (64 / 12)).toBeLessThan(0.02);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(-3);
      expect(Math.max(...values)).toBeLessThan(5);
    }
  });

  it('never rounds up to maxval', () => {
    // float32 has no value strictly between 2^24 and 2^24 + 2, so every sample is 2^24.
    const values = uniform(key(0), [1000], { minval: 2 ** 24, maxval: 2 ** 24 + 2 }).dataSync();
    expect(new Set(values)).toEqual(new Set([2 ** 24]));
    // maxval 0.3 rounds up to 0.30000001192092896 in float32; samples stay below 0.3.
    const below = uniform(key(1), [10_000], { minval: 0.29999, maxval: 0.3 }).dataSync();
    expect(Math.max(...below)).toBeLessThan(0.3);
    expect(Math.min(...below)).toBeGreaterThanOrEqual(0.29999);
  });

  it('rejects bad arguments, naming the op and argument', () => {
    const k = key(0);
    expect(() => uniform(k, [2], { minval: 1, maxval: 1 })).toThrow(
      "random.uniform: argument 'maxval' must be greater than minval (1), got 1",
    );
    expect(() => uniform(k, [2], { minval: 2, maxval: 1 })).toThrow(ValueError);
    expect(() => uniform(k, [2], { minval: Number.NaN })).toThrow(
      "random.uniform: argument 'minval' must be a finite number, got NaN",
    );
    expect(() => uniform(k, [2], { maxval: Number.POSITIVE_INFINITY })).toThrow(
      "random.uniform: argument 'maxval' must be a finite number, got Infinity",
    );
    // float32 steps from 1 straight to 1 + 2^-23, so nothing lies in between.
    const narrow = { minval: 1 + 1e-9, maxval: 1 + 2e-9 };
    expect(() => uniform(k, [2], narrow)).toThrow(
      "random.uniform: argument 'maxval' leaves no float32 value in [1.000000001, 1.000000002)",
    );
    if (backendSupports('float64')) {
      expect(uniform(k, [2], { ...narrow, dtype: 'float64' }).size).toBe(2);
    }
    for (const dtype of ['int32', 'bool', 'float16']) {
      expect(() => uniform(k, [2], { dtype: dtype as 'float32' })).toThrow(DTypeError);
      expect(() => uniform(k, [2], { dtype: dtype as 'float32' })).toThrow(
        `random.uniform: argument 'dtype' must be float32 or float64, got ${dtype}`,
      );
    }
    expect(() => uniform(k, [2, -1])).toThrow(
      "random.uniform: argument 'shape' must hold non-negative integer dimensions",
    );
    expect(() => uniform(k, [2 ** 16, 2 ** 16, 2])).toThrow(
      "random.uniform: argument 'shape' [65536, 65536, 2] holds 8589934592 elements",
    );
    expect(() => uniform(k, [2], 5 as never)).toThrow(
      "random.uniform: argument 'options' must be an object, got 5",
    );
    expect(() => uniform(42 as never, [2])).toThrow(
      "random.uniform: argument 'key' must be a RandomKey",
    );
  });
});
