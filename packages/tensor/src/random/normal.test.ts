import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { backendSupports } from '../testing/index.js';
import { boxMuller, normal } from './normal.js';
import { key, type RandomKey, split } from './random-key.js';
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

describe('random.normal', () => {
  it('makes float32 or float64 tensors of the requested shape', () => {
    const x = normal(key(0), [4, 5]);
    expect(x.shape).toEqual([4, 5]);
    expect(x.dtype).toBe('float32');
    if (backendSupports('float64')) {
      const y = normal(key(0), [3], { dtype: 'float64' });
      expect(y.dtype).toBe('float64');
      expect(y.dataSync()).toBeInstanceOf(Float64Array);
    }
    expect(normal(key(0)).shape).toEqual([]);
  });

  it('is deterministic per key and element, with independent streams per split key', () => {
    const [a, b] = split(key(5)) as [RandomKey, RandomKey];
    const n = 10_000;
    const x = normal(a, [n]).dataSync();
    expect(normal(a, [n]).dataSync()).toEqual(x);
    expect(normal(a, [100, 100]).dataSync()).toEqual(x);
    expect(normal(a, [10]).dataSync()).toEqual(x.slice(0, 10));
    const y = normal(b, [n]).dataSync();
    let product = 0;
    for (let i = 0; i < n; i++) product += x[i]! * y[i]!;
    // The correlation of independent streams is about N(0, 1/n).
    expect(Math.abs(product / n)).toBeLessThan(5 / Math.sqrt(n));
  });

  it.each(floatDTypes)('has mean 0, variance 1 and normal tails in %s', (dtype) => {
    const n = 100_000;
    const values = normal(key(2024), [n], { dtype }).dataSync();
    const { mean, variance } = moments(values);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    // The sample variance of n standard normals has standard error sqrt(2 / n).
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    let withinOne = 0;
    let beyondTwo = 0;
    for (const v of values) {
      expect(Number.isFinite(v)).toBe(true);
      if (Math.abs(v) < 1) withinOne++;
      if (Math.abs(v) > 2) beyondTwo++;
    }
    // P(|Z| < 1) = 0.682689, P(|Z| > 2) = 0.0455003.
    expect(Math.abs(withinOne / n - 0.682689)).toBeLessThan(5 * Math.sqrt(0.2167 / n));
    expect(Math.abs(beyondTwo / n - 0.0455003)).toBeLessThan(5 * Math.sqrt(0.04343 / n));
  });

  it('shifts and scales by mean and std', () => {
    const n = 100_000;
    const values = normal(key(8), [n], { mean: 3, std: 0.5 }).dataSync();
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - 3)).toBeLessThan((5 * 0.5) / Math.sqrt(n));
    expect(Math.abs(variance - 0.25)).toBeLessThan(5 * 0.25 * Math.sqrt(2 / n));
    expect(new Set(normal(key(8), [50], { mean: -1.5, std: 0 }).dataSync())).toEqual(
      new Set([-1.5]),
    );
  });

  it('stays finite at the extreme uniforms', () => {
    expect(Math.abs(boxMuller(0, 0))).toBe(0);
    expect(boxMuller(1 - 2 ** -32, 0)).toBeCloseTo(Math.sqrt(64 * Math.LN2), 12);
    expect(boxMuller(1 - 2 ** -53, 0.5)).toBeCloseTo(-Math.sqrt(106 * Math.LN2), 12);
  });

  it('rejects bad arguments, naming the op and argument', () => {
    const k = key(0);
    expect(() => normal(k, [2], { std: -1 })).toThrow(
      "random.normal: argument 'std' must be >= 0, got -1",
    );
    expect(() => normal(k, [2], { std: Number.NaN })).toThrow(ValueError);
    expect(() => normal(k, [2], { mean: Number.POSITIVE_INFINITY })).toThrow(
      "random.normal: argument 'mean' must be a finite number, got Infinity",
    );
    expect(() => normal(k, [2], { dtype: 'int32' as 'float32' })).toThrow(DTypeError);
    expect(() => normal(k, [2], { dtype: 'bool' as 'float32' })).toThrow(
      "random.normal: argument 'dtype' must be float32 or float64, got bool",
    );
    expect(() => normal(k, [1.5])).toThrow("random.normal: argument 'shape'");
    expect(() => normal(k, 3 as never)).toThrow(
      "random.normal: argument 'shape' must be an array of dimensions, got 3",
    );
    expect(() => normal({ data: [0, 0] } as never)).toThrow(
      "random.normal: argument 'key' must be a RandomKey",
    );
  });
});
