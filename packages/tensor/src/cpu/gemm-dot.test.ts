// gemm.wat's dot form, C (+)= A x B^T with both operands rows along k, against float64 dot
// products: every block shape (3x3 blocks, last rows, last columns, the corner), k not a
// multiple of four (the scalar tail), row strides wider than k, and accumulation into C.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomValues } from './testing-kernel-paths.js';
import { wasmRuntime } from './wasm-runtime.js';
import { stageRegions } from './wasm-staging.js';

describe('gemmDot (gemm.wat)', () => {
  it('gives every dot product, written or added to C', () => {
    const wasm = wasmRuntime();
    expect(wasm).not.toBeNull();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 41 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (m, n, k, pad, accumulate, seed) => {
          const [lda, ldb, ldc] = [k + pad, k + 2 * pad, n + pad];
          const a = randomValues(m * lda, seed);
          const b = randomValues(n * ldb, seed + 1);
          const c = randomValues(m * ldc, seed + 2);
          const starts = stageRegions(wasm!, [{ from: a }, { from: b }, { from: c }]);
          const [aStart, bStart, cStart] = starts!;
          wasm!.gemm.gemmDot(
            m,
            n,
            k,
            aStart! * 4,
            lda,
            bStart! * 4,
            ldb,
            cStart! * 4,
            ldc,
            accumulate ? 1 : 0,
          );
          const out = wasm!.reserve(0)!.subarray(cStart!, cStart! + m * ldc);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < ldc; j++) {
              const got = out[i * ldc + j]!;
              if (j >= n) {
                // Padding between rows of C is left alone.
                expect(got).toBe(c[i * ldc + j]);
                continue;
              }
              let dot = 0;
              for (let p = 0; p < k; p++) dot += a[i * lda + p]! * b[j * ldb + p]!;
              const want = (accumulate ? c[i * ldc + j]! : 0) + dot;
              if (!(Math.abs(got - want) <= 1e-5 * (k + 1))) {
                expect.fail(`m ${m} n ${n} k ${k}: C[${i}, ${j}] = ${got}, want ${want}`);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
