import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { backendSupports } from '../testing/index.js';
import { key } from './random-key.js';
import { truncatedNormal } from './truncated-normal.js';
import type { FloatDType } from './validation.js';

// float64 is CPU-only; other backends run these tests in float32 alone.
const floatDTypes: FloatDType[] = backendSupports('float64') ? ['float32', 'float64'] : ['float32'];

/** Mean, variance and 4th central moment of N(0, 1) on [lower, upper], by Simpson's rule. */
function truncatedMoments(lower: number, upper: number) {
  // Infinite bounds are cut 12 deviations past the other bound; the rest is negligible.
  const a = Number.isFinite(lower) ? lower : Math.min(upper, 0) - 12;
  const b = Number.isFinite(upper) ? upper : Math.max(lower, 0) + 12;
  // Densities relative to the peak inside [a, b], so far tails do not underflow.
  const peak = Math.max(a, Math.min(b, 0));
  const steps = 20_000;
  const h = (b - a) / steps;
  const integrate = (f: (z: number) => number): number => {
    let sum = 0;
    for (let i = 0; i <= steps; i++) {
      const z = a + i * h;
      const weight = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
      sum += weight * f(z) * Math.exp(-0.5 * (z - peak) * (z + peak));
    }
    return (sum * h) / 3;
  };
  const mass = integrate(() => 1);
  const mean = integrate((z) => z) / mass;
  const variance = integrate((z) => (z - mean) ** 2) / mass;
  const fourth = integrate((z) => (z - mean) ** 4) / mass;
  return { mean, variance, fourth };
}

describe('random.truncatedNormal', () => {
  it('makes float32 values in [-2, 2] by default', () => {
    const x = truncatedNormal(key(0), [3, 4]);
    expect(x.shape).toEqual([3, 4]);
    expect(x.dtype).toBe('float32');
    if (backendSupports('float64')) {
      const y = truncatedNormal(key(0), [5], { dtype: 'float64' });
      expect(y.dataSync()).toBeInstanceOf(Float64Array);
    }
    expect(truncatedNormal(key(0), [10]).dataSync()).toEqual(
      truncatedNormal(key(0), [20]).dataSync().slice(0, 10),
    );
  });

  it.each([
    [-2, 2], // the default: wide around zero, normal proposals
    [-0.3, 0.2], // narrow around zero, uniform proposals
    [-0.5, 1.9], // the widest interval that still takes uniform proposals
    [-1, Number.POSITIVE_INFINITY],
    [0.5, 1], // short interval in the tail, uniform proposals
    [1, 8], // long interval in the tail, exponential proposals
    [3, Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY, -4], // mirrored tail
    [10, 10.5], // far tail, where plain rejection would never accept
  ])('matches the moments of N(0, 1) truncated to [%d, %d]', (lower, upper) => {
    const n = 20_000;
    for (const dtype of floatDTypes) {
      const values = truncatedNormal(key(99), [n], { lower, upper, dtype }).dataSync();
      const expected = truncatedMoments(lower, upper);
      let sum = 0;
      for (const v of values) {
        expect(v >= lower && v <= upper).toBe(true);
        sum += v;
      }
      const mean = sum / n;
      let squares = 0;
      for (const v of values) squares += (v - mean) ** 2;
      const variance = squares / (n - 1);
      expect(Math.abs(mean - expected.mean)).toBeLessThan(5 * Math.sqrt(expected.variance / n));
      const varianceError = Math.sqrt((expected.fourth - expected.variance ** 2) / n);
      expect(Math.abs(variance - expected.variance)).toBeLessThan(5 * varianceError);
    }
  });

  it('keeps float32 values inside bounds that float32 cannot represent', () => {
    const lower = 0.1;
    const upper = 0.1 + 1e-7;
    const values = truncatedNormal(key(4), [1000], { lower, upper }).dataSync();
    for (const v of values) expect(v >= lower && v <= upper).toBe(true);
  });

  it('rejects bad arguments, naming the op and argument', () => {
    const k = key(0);
    expect(() => truncatedNormal(k, [2], { lower: 1, upper: 1 })).toThrow(
      "random.truncatedNormal: argument 'upper' must be greater than lower (1), got 1",
    );
    expect(() => truncatedNormal(k, [2], { lower: 2, upper: -2 })).toThrow(ValueError);
    expect(() =>
      truncatedNormal(k, [2], {
        lower: Number.POSITIVE_INFINITY,
        upper: Number.POSITIVE_INFINITY,
      }),
    ).toThrow(ValueError);
    expect(() => truncatedNormal(k, [2], { lower: Number.NaN })).toThrow(
      "random.truncatedNormal: argument 'lower' must be a number (infinite allowed), got NaN",
    );
    expect(() => truncatedNormal(k, [2], { lower: 1 + 1e-9, upper: 1 + 2e-9 })).toThrow(
      "random.truncatedNormal: argument 'upper' leaves no float32 value in [1.000000001, 1.000000002]",
    );
    expect(() => truncatedNormal(k, [2], { dtype: 'int32' as 'float32' })).toThrow(DTypeError);
    expect(() => truncatedNormal(k, [-2])).toThrow("random.truncatedNormal: argument 'shape'");
  });
});
