import { describe, expect, it } from 'vitest';
import { loadDigits, PIXELS } from './mnist-digits.js';
import { splitDigits } from './split.js';

describe('MNIST digits from the mnist package', () => {
  const digits = loadDigits();

  it('has 10,000 labelled 28×28 digits of every class, pixels in [0, 1]', () => {
    expect(digits.count).toBeGreaterThanOrEqual(10_000);
    expect(digits.pixels.length).toBe(digits.count * PIXELS);
    expect(new Set(digits.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(Math.min(...digits.pixels.subarray(0, 10 * PIXELS))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...digits.pixels.subarray(0, 10 * PIXELS))).toBeLessThanOrEqual(1);
  });

  it('splits into a fixed 8,000 / 2,000 with no digit in both', () => {
    const a = splitDigits(digits);
    const b = splitDigits(loadDigits());
    expect(a.train.count).toBe(8000);
    expect(a.test.count).toBe(2000);
    expect(a.test.labels).toEqual(b.test.labels);
    expect(a.test.pixels).toEqual(b.test.pixels);
    const key = (pixels: Float32Array, i: number) =>
      Buffer.from(pixels.buffer, pixels.byteOffset + i * PIXELS * 4, PIXELS * 4).toString('base64');
    const train = new Set(Array.from({ length: a.train.count }, (_, i) => key(a.train.pixels, i)));
    const shared = Array.from({ length: a.test.count }, (_, i) => key(a.test.pixels, i)).filter(
      (k) => train.has(k),
    );
    // The package holds a handful of exact duplicates; the split itself never repeats an index.
    expect(shared.length).toBeLessThan(10);
  });
});
