import { describe, expect, it } from 'vitest';
import { maxPool, maxPoolBackward } from './pool.js';

describe('plain max pooling', () => {
  // Two planes of 4 × 4, pooled 2 × 2.
  const x = Float32Array.from([
    1, 5, 2, 0, 3, 4, 8, 1, -1, -2, 0, 0, -3, -4, 0, 7,
    // second plane
    9, 0, 0, 0, 0, 0, 0, 6, 2, 2, 5, 5, 2, 2, 5, 5,
  ]);

  it('takes the max of each window, the first one on ties', () => {
    const { y, argmax } = maxPool(x, 2, 4, 4, 2);
    expect(Array.from(y)).toEqual([5, 8, -1, 7, 9, 6, 2, 5]);
    expect(Array.from(argmax)).toEqual([1, 6, 8, 15, 16, 23, 24, 26]);
  });

  it('routes each gradient to its window winner (the derivative, away from ties)', () => {
    const { argmax } = maxPool(x, 2, 4, 4, 2);
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const dx = maxPoolBackward(dy, argmax, x.length);
    expect(Array.from(dx.subarray(0, 16))).toEqual([
      0, 1, 0, 0, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 4,
    ]);
    expect(dx.reduce((a, b) => a + b, 0)).toBe(36);
  });
});
