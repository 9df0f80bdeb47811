import { expect } from 'vitest';
import type { Tensor } from '../tensor.js';

/** Fails unless `b` has `a`'s dtype, shape and every value exactly (-0 and NaN included). */
export function expectSameBits(a: Tensor, b: Tensor): void {
  expect(b.dtype).toBe(a.dtype);
  expect(b.shape).toEqual(a.shape);
  const left = a.dataSync();
  const right = b.dataSync();
  expect(right.length).toBe(left.length);
  for (let i = 0; i < left.length; i++) expect(Object.is(right[i], left[i])).toBe(true);
}
