import { describe, expect, it } from 'vitest';
import { uniformArray } from '../random-data.js';
import { matmul, matmulTransposeB } from './matmul.js';
import { matmulTransposeBUnrolled, matmulUnrolled } from './matmul-unrolled.js';

describe('unrolled matmuls', () => {
  // k = 7 leaves a remainder after the groups of four.
  const [m, k, n] = [3, 7, 5];

  it('compute the plain products', () => {
    const a = uniformArray(201, m * k);
    const b = uniformArray(202, k * n);
    const plain = matmul(a, b, m, k, n);
    matmulUnrolled(a, b, m, k, n).forEach((v, i) => {
      expect(v).toBeCloseTo(plain[i]!, 5);
    });
    const bt = uniformArray(203, k * n);
    const plainT = matmulTransposeB(b.subarray(0, m * n), bt, m, n, k);
    matmulTransposeBUnrolled(b.subarray(0, m * n), bt, m, n, k).forEach((v, i) => {
      expect(v).toBeCloseTo(plainT[i]!, 5);
    });
  });
});
