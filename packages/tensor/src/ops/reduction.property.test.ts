import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eye, ones, tensor } from '../creation.js';
import type { DType } from '../dtype.js';
import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { assertTensorClose, backendSupports } from '../testing/index.js';
import { type ReferenceShape, ravel, sizeOf, unravel } from '../testing/reference-indexing.js';
import { add, mul, sub } from './binary.js';
import { matmul } from './matmul.js';
import { argmax, argmin, max, min, prod, sum } from './reduce.js';
import { reshape } from './reshape.js';
import { logSoftmax, softmax } from './softmax.js';
import { logSumExp, mean, norm, variance } from './statistics.js';
import { transpose } from './transpose.js';
import { exp, neg } from './unary.js';

const RUNS = { numRuns: 60 };

type Shape = ReferenceShape;

function valuesOf(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

function precise(): DType {
  return backendSupports('float64') ? 'float64' : 'float32';
}

/** Loose tolerances at float32, tight ones at float64. */
function tolerance(dtype: DType, scale = 1): { rtol: number; atol: number } {
  return dtype === 'float64'
    ? { rtol: 1e-9, atol: 1e-9 * scale }
    : { rtol: 1e-4, atol: 1e-4 * scale };
}

/**
 * Groups the elements of `values` (of `shape`) by their position outside `axes` and folds
 * each group with `fold`; returns the kept-dims shape and the folded values, row-major.
 */
function referenceReduce(
  values: readonly number[],
  shape: Shape,
  axes: readonly number[],
  fold: (group: number[]) => number,
): { shape: number[]; values: number[] } {
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOf(keptShape) }, () => []);
  for (let flat = 0; flat < values.length; flat++) {
    const index = unravel(flat, shape).map((j, i) => (axes.includes(i) ? 0 : j));
    groups[ravel(index, keptShape)]!.push(values[flat]!);
  }
  return { shape: keptShape, values: groups.map(fold) };
}

const total = (g: number[]): number => g.reduce((s, v) => s + v, 0);
const largest = (g: number[]): number =>
  g.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);

interface Sample {
  readonly shape: number[];
  readonly values: number[];
}

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = (minLength = 0): fc.Arbitrary<number[]> =>
  fc.array(dim, { minLength, maxLength: 4 });

function sampleOf(
  shapes: fc.Arbitrary<number[]>,
  element: fc.Arbitrary<number>,
): fc.Arbitrary<Sample> {
  return shapes.chain((shape) =>
    fc
      .array(element, { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
      .map((values) => ({ shape, values })),
  );
}

const smallInt = fc.integer({ min: -9, max: 9 });
// -0 is mapped to 0 so that sign-of-zero details never decide a comparison.
const real = fc.double({ min: -10, max: 10, noNaN: true }).map((v) => (v === 0 ? 0 : v));

/** A sample plus a subset of its axes, each written either non-negative or negative. */
function withAxes(samples: fc.Arbitrary<Sample>): fc.Arbitrary<[Sample, number[], number[]]> {
  return samples.chain((s) => {
    const rank = s.shape.length;
    return fc
      .tuple(
        fc.subarray(Array.from({ length: rank }, (_, i) => i)),
        fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
      )
      .map(([axes, negative]): [Sample, number[], number[]] => [
        s,
        axes,
        axes.map((a) => (negative[a] ? a - rank : a)),
      ]);
  });
}

/** A sample with at least one axis, and one axis of it (maybe negative). */
function withAxis(samples: fc.Arbitrary<Sample>): fc.Arbitrary<[Sample, number, number]> {
  return samples.chain((s) =>
    fc
      .tuple(fc.nat({ max: s.shape.length - 1 }), fc.boolean())
      .map(([a, negative]): [Sample, number, number] => [s, a, negative ? a - s.shape.length : a]),
  );
}

describe('sum', () => {
  it('sum(x) equals summing one axis at a time in any order, and a plain loop', () => {
    const arb = sampleOf(shapeArb(), smallInt).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.shuffledSubarray(
          Array.from({ length: s.shape.length }, (_, i) => i),
          { minLength: s.shape.length, maxLength: s.shape.length },
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([s, order]) => {
        scope(() => {
          const expected = total(s.values);
          const x = tensor(s.values, s.shape);
          const all = sum(x);
          expect(all.shape).toEqual([]);
          expect(all.item()).toBe(expected);
          // Reduce the original axes in `order`, renumbering as earlier ones disappear.
          let current = x;
          const done: number[] = [];
          for (const axis of order) {
            const position = axis - done.filter((d) => d < axis).length;
            current = sum(current, position);
            done.push(axis);
          }
          expect(current.shape).toEqual([]);
          expect(current.item()).toBe(expected);
        });
      }),
      RUNS,
    );
  });

  it('sum over an axis subset matches a loop; keepdims keeps the rank and equals the reshaped result', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), smallInt)), ([s, axes, written]) => {
        scope(() => {
          const x = tensor(s.values, s.shape);
          const ref = referenceReduce(s.values, s.shape, axes, total);
          const dropped = s.shape.filter((_, i) => !axes.includes(i));
          const plain = sum(x, written);
          const kept = sum(x, written, true);
          expect([...plain.shape]).toEqual(dropped);
          expect(kept.rank).toBe(s.shape.length);
          expect([...kept.shape]).toEqual(ref.shape);
          expect(valuesOf(plain)).toEqual(ref.values);
          expect(valuesOf(kept)).toEqual(ref.values);
          expect(valuesOf(reshape(plain, ref.shape))).toEqual(valuesOf(kept));
        });
      }),
      RUNS,
    );
  });

  it('mean * count equals sum', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), smallInt)), ([s, axes, written]) => {
        scope(() => {
          const x = tensor(s.values, s.shape);
          const count = axes.reduce((n, a) => n * s.shape[a]!, 1);
          const ref = referenceReduce(s.values, s.shape, axes, total);
          assertTensorClose(mul(mean(x, written), count), ref.values, { rtol: 1e-5, atol: 1e-4 });
          assertTensorClose(
            mean(x, written, true),
            ref.values.map((v) => v / count),
            {
              shape: ref.shape,
              rtol: 1e-5,
              atol: 1e-5,
            },
          );
        });
      }),
      RUNS,
    );
  });
});

describe('max, min, argmax', () => {
  it('max(x) is >= every element, is one of them, and equals neg(min(neg(x)))', () => {
    fc.assert(
      fc.property(sampleOf(shapeArb(), real), (s) => {
        scope(() => {
          const x = tensor(s.values, s.shape, precise());
          const stored = valuesOf(x);
          const m = max(x).item() as number;
          for (const v of stored) expect(m).toBeGreaterThanOrEqual(v);
          expect(stored).toContain(m);
          expect(neg(min(neg(x))).item()).toBe(m);
        });
      }),
      RUNS,
    );
  });

  it('max and min over axes match a loop', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), smallInt)), ([s, axes, written]) => {
        scope(() => {
          const x = tensor(s.values, s.shape);
          const hi = referenceReduce(s.values, s.shape, axes, largest);
          const lo = referenceReduce(s.values, s.shape, axes, (g) => Math.min(...g));
          expect(valuesOf(max(x, written))).toEqual(hi.values);
          expect(valuesOf(min(x, written, true))).toEqual(lo.values);
          expect([...min(x, written, true).shape]).toEqual(lo.shape);
        });
      }),
      RUNS,
    );
  });

  it('argmax/argmin along an axis point at the first maximal/minimal element', () => {
    // A narrow value range makes ties common, exercising "first occurrence wins".
    const arb = withAxis(sampleOf(shapeArb(1), fc.integer({ min: -2, max: 2 })));
    fc.assert(
      fc.property(arb, ([s, axis, written]) => {
        scope(() => {
          const x = tensor(s.values, s.shape);
          const hi = argmax(x, written);
          const lo = argmin(x, written);
          const outShape = s.shape.filter((_, i) => i !== axis);
          expect([...hi.shape]).toEqual(outShape);
          expect(hi.dtype).toBe('int32');
          const his = valuesOf(hi);
          const los = valuesOf(lo);
          for (let o = 0; o < sizeOf(outShape); o++) {
            const outIndex = unravel(o, outShape);
            const line: number[] = [];
            for (let k = 0; k < s.shape[axis]!; k++) {
              const index = [...outIndex];
              index.splice(axis, 0, k);
              line.push(s.values[ravel(index, s.shape)]!);
            }
            expect(his[o]).toBe(line.indexOf(Math.max(...line)));
            expect(los[o]).toBe(line.indexOf(Math.min(...line)));
          }
        });
      }),
      RUNS,
    );
  });

  it('argmax without an axis indexes the flattened tensor', () => {
    fc.assert(
      fc.property(sampleOf(shapeArb(), fc.integer({ min: -3, max: 3 })), (s) => {
        scope(() => {
          const i = argmax(tensor(s.values, s.shape)).item();
          expect(i).toBe(s.values.indexOf(Math.max(...s.values)));
        });
      }),
      RUNS,
    );
  });
});

describe('logSumExp and softmax', () => {
  it('logSumExp(x) >= max(x) and matches a stable loop', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), real)), ([s, axes, written]) => {
        scope(() => {
          const dtype = precise();
          const x = tensor(s.values, s.shape, dtype);
          const stored = valuesOf(x);
          const lse = logSumExp(x, written);
          const peak = max(x, written);
          const l = valuesOf(lse);
          const p = valuesOf(peak);
          l.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(p[i]!);
          });
          const ref = referenceReduce(stored, s.shape, axes, (g) => {
            const m = largest(g);
            return m + Math.log(g.reduce((acc, v) => acc + Math.exp(v - m), 0));
          });
          assertTensorClose(logSumExp(x, written, true), ref.values, {
            shape: ref.shape,
            ...tolerance(dtype, 10),
          });
        });
      }),
      RUNS,
    );
  });

  it('logSumExp(x + c) equals logSumExp(x) + c', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), real)), real, ([s, , written], c) => {
        scope(() => {
          const dtype = precise();
          const x = tensor(s.values, s.shape, dtype);
          const shifted = logSumExp(add(x, c), written);
          const expected = valuesOf(logSumExp(x, written)).map((v) => v + c);
          assertTensorClose(shifted, expected, tolerance(dtype, 30));
        });
      }),
      RUNS,
    );
  });

  it('softmax sums to 1 along the axis, equals exp(logSoftmax) and a loop', () => {
    fc.assert(
      fc.property(withAxis(sampleOf(shapeArb(1), real)), ([s, axis, written]) => {
        scope(() => {
          const dtype = precise();
          const x = tensor(s.values, s.shape, dtype);
          const stored = valuesOf(x);
          const y = softmax(x, written);
          expect([...y.shape]).toEqual(s.shape);
          const sums = sum(y, written);
          assertTensorClose(sums, new Array<number>(sums.size).fill(1), tolerance(dtype));
          assertTensorClose(exp(logSoftmax(x, written)), valuesOf(y), tolerance(dtype));
          // Independent: exp(x - max) / sum over the same line.
          const lineMax = referenceReduce(stored, s.shape, [axis], largest);
          const lineSum = referenceReduce(stored, s.shape, [axis], (g) => {
            const m = largest(g);
            return g.reduce((acc, v) => acc + Math.exp(v - m), 0);
          });
          const expected = stored.map((v, flat) => {
            const index = unravel(flat, s.shape);
            index[axis] = 0;
            const g = ravel(index, lineMax.shape);
            return Math.exp(v - lineMax.values[g]!) / lineSum.values[g]!;
          });
          assertTensorClose(y, expected, tolerance(dtype));
        });
      }),
      RUNS,
    );
  });
});

describe('variance, prod, norm', () => {
  it('variance equals mean(x^2) - mean(x)^2 and a two-pass loop', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), smallInt)), ([s, axes, written]) => {
        scope(() => {
          const dtype = precise();
          const x = tensor(s.values, s.shape, dtype);
          const v = variance(x, written);
          const m = mean(x, written);
          const identity = sub(mean(mul(x, x), written), mul(m, m));
          // Cancellation in mean(x^2) - mean(x)^2 costs float32 a few ulps of ~81.
          const tol = dtype === 'float64' ? { rtol: 1e-9, atol: 1e-9 } : { rtol: 1e-4, atol: 1e-3 };
          assertTensorClose(v, valuesOf(identity), tol);
          const ref = referenceReduce(s.values, s.shape, axes, (g) => {
            const mu = total(g) / g.length;
            return g.reduce((acc, e) => acc + (e - mu) ** 2, 0) / g.length;
          });
          assertTensorClose(v, ref.values, tol);
        });
      }),
      RUNS,
    );
  });

  it('prod of ones is 1, and prod along an axis matches a loop', () => {
    const arb = withAxis(sampleOf(shapeArb(1), fc.constantFrom(-2, -1, 1, 2, 3)));
    fc.assert(
      fc.property(arb, ([s, axis, written]) => {
        scope(() => {
          expect(prod(ones(s.shape)).item()).toBe(1);
          const onesAlong = prod(ones(s.shape), written);
          expect(valuesOf(onesAlong)).toEqual(new Array<number>(onesAlong.size).fill(1));
          const ref = referenceReduce(s.values, s.shape, [axis], (g) =>
            g.reduce((p, v) => p * v, 1),
          );
          expect(valuesOf(prod(tensor(s.values, s.shape), written, true))).toEqual(ref.values);
        });
      }),
      RUNS,
    );
  });

  it('norm(x, ord 2)^2 equals sum(x^2) and a loop', () => {
    fc.assert(
      fc.property(withAxes(sampleOf(shapeArb(), real)), ([s, axes, written]) => {
        scope(() => {
          const dtype = precise();
          const x = tensor(s.values, s.shape, dtype);
          const stored = valuesOf(x);
          const whole = norm(x, undefined, false, { ord: 2 });
          expect(whole.shape).toEqual([]);
          const n = whole.item() as number;
          const squares = stored.reduce((acc, v) => acc + v * v, 0);
          assertTensorClose(
            mul(whole, whole),
            [valuesOf(sum(mul(x, x)))[0]!],
            tolerance(dtype, 100),
          );
          expect(n * n).toBeCloseTo(squares, dtype === 'float64' ? 6 : 1);
          const ref = referenceReduce(stored, s.shape, axes, (g) =>
            Math.sqrt(g.reduce((acc, v) => acc + v * v, 0)),
          );
          assertTensorClose(norm(x, written, true), ref.values, {
            shape: ref.shape,
            ...tolerance(dtype, 10),
          });
        });
      }),
      RUNS,
    );
  });
});

describe('matmul', () => {
  const matrix = (rows: number, cols: number): fc.Arbitrary<Sample> =>
    fc
      .array(fc.integer({ min: -4, max: 4 }), { minLength: rows * cols, maxLength: rows * cols })
      .map((values) => ({ shape: [rows, cols], values }));

  /** Reference [m, k] x [k, n] product of row-major arrays. */
  function referenceMatmul(
    a: readonly number[],
    b: readonly number[],
    m: number,
    k: number,
    n: number,
  ): number[] {
    const out = new Array<number>(m * n).fill(0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += a[i * k + p]! * b[p * n + j]!;
        out[i * n + j] = acc;
      }
    }
    return out;
  }

  const mkn = fc.tuple(dim, dim, dim);
  const pairArb = mkn.chain(([m, k, n]) => fc.tuple(matrix(m, k), matrix(k, n)));

  it('matches a plain triple loop', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        scope(() => {
          const [m, k] = a.shape as [number, number];
          const n = b.shape[1]!;
          const c = matmul(tensor(a.values, a.shape), tensor(b.values, b.shape));
          expect([...c.shape]).toEqual([m, n]);
          expect(valuesOf(c)).toEqual(referenceMatmul(a.values, b.values, m, k, n));
        });
      }),
      RUNS,
    );
  });

  it('matmul(a, eye) equals a and matmul(eye, a) equals a', () => {
    fc.assert(
      fc.property(
        fc.tuple(dim, dim).chain(([m, k]) => matrix(m, k)),
        (a) => {
          scope(() => {
            const [m, k] = a.shape as [number, number];
            const x = tensor(a.values, a.shape);
            expect(valuesOf(matmul(x, eye(k)))).toEqual(a.values);
            expect(valuesOf(matmul(eye(m), x))).toEqual(a.values);
          });
        },
      ),
      RUNS,
    );
  });

  it('matmul(a, b)^T equals matmul(b^T, a^T)', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        scope(() => {
          const x = tensor(a.values, a.shape);
          const y = tensor(b.values, b.shape);
          const left = transpose(matmul(x, y));
          const right = matmul(transpose(y), transpose(x));
          expect([...left.shape]).toEqual([...right.shape]);
          expect(valuesOf(left)).toEqual(valuesOf(right));
        });
      }),
      RUNS,
    );
  });

  it('is associative within tolerance', () => {
    const arb = fc
      .tuple(dim, dim, dim, dim)
      .chain(([m, k, l, n]) => fc.tuple(matrix(m, k), matrix(k, l), matrix(l, n)));
    fc.assert(
      fc.property(arb, ([a, b, c]) => {
        scope(() => {
          const x = tensor(a.values, a.shape);
          const y = tensor(b.values, b.shape);
          const z = tensor(c.values, c.shape);
          const left = matmul(matmul(x, y), z);
          const right = matmul(x, matmul(y, z));
          assertTensorClose(left, valuesOf(right), { shape: [...right.shape] });
        });
      }),
      RUNS,
    );
  });

  it('transposeA / transposeB flags equal explicit transposes', () => {
    const arb = mkn.chain(([m, k, n]) =>
      fc.tuple(
        fc.constant([m, k, n] as const),
        matrix(k, m),
        matrix(n, k),
        matrix(m, k),
        matrix(k, n),
      ),
    );
    fc.assert(
      fc.property(arb, ([[m, k, n], at, bt, a, b]) => {
        scope(() => {
          const xt = tensor(at.values, at.shape);
          const yt = tensor(bt.values, bt.shape);
          const x = tensor(a.values, a.shape);
          const y = tensor(b.values, b.shape);
          const cases: [Tensor, Tensor, Tensor][] = [
            [matmul(xt, y, { transposeA: true }), transpose(xt), y],
            [matmul(x, yt, { transposeB: true }), x, transpose(yt)],
            [matmul(xt, yt, { transposeA: true, transposeB: true }), transpose(xt), transpose(yt)],
          ];
          for (const [flagged, left, right] of cases) {
            expect([...flagged.shape]).toEqual([m, n]);
            const expected = referenceMatmul(valuesOf(left), valuesOf(right), m, k, n);
            expect(valuesOf(flagged)).toEqual(expected);
          }
        });
      }),
      RUNS,
    );
  });

  it('broadcasts batch dimensions like a per-batch loop', () => {
    const batchDim = fc.integer({ min: 1, max: 3 });
    const arb = fc
      .tuple(
        fc.array(batchDim, { maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.nat({ max: 2 }),
        mkn,
      )
      .chain(([batch, onesA, onesB, drop, [m, k, n]]) => {
        const aBatch = batch.map((d, i) => (onesA[i] ? 1 : d));
        const bBatch = batch.slice(Math.min(drop, batch.length)).map((d, i) => (onesB[i] ? 1 : d));
        const aShape = [...aBatch, m, k];
        const bShape = [...bBatch, k, n];
        return fc.tuple(
          fc.constant({ batch, m, k, n }),
          fc
            .array(fc.integer({ min: -4, max: 4 }), {
              minLength: sizeOf(aShape),
              maxLength: sizeOf(aShape),
            })
            .map((values) => ({ shape: aShape, values })),
          fc
            .array(fc.integer({ min: -4, max: 4 }), {
              minLength: sizeOf(bShape),
              maxLength: sizeOf(bShape),
            })
            .map((values) => ({ shape: bShape, values })),
        );
      });
    fc.assert(
      fc.property(arb, ([{ m, k, n }, a, b]) => {
        scope(() => {
          const aBatch = a.shape.slice(0, -2);
          const bBatch = b.shape.slice(0, -2);
          const rank = Math.max(aBatch.length, bBatch.length);
          const outBatch = Array.from({ length: rank }, (_, i) =>
            Math.max(aBatch[aBatch.length - rank + i] ?? 1, bBatch[bBatch.length - rank + i] ?? 1),
          );
          const c = matmul(tensor(a.values, a.shape), tensor(b.values, b.shape));
          expect([...c.shape]).toEqual([...outBatch, m, n]);
          const expected: number[] = [];
          for (let flat = 0; flat < sizeOf(outBatch); flat++) {
            const index = unravel(flat, outBatch);
            const pick = (own: Shape): number =>
              ravel(
                own.map((d, i) => (d === 1 ? 0 : index[rank - own.length + i]!)),
                own,
              );
            const ia = pick(aBatch) * m * k;
            const ib = pick(bBatch) * k * n;
            expected.push(
              ...referenceMatmul(
                a.values.slice(ia, ia + m * k),
                b.values.slice(ib, ib + k * n),
                m,
                k,
                n,
              ),
            );
          }
          expect(valuesOf(c)).toEqual(expected);
        });
      }),
      RUNS,
    );
  });

  it('matches a triple loop for larger matrices (several 4x4 blocks plus edges), flags and batches', () => {
    // Beyond the small-shape budget on purpose: blocked kernels only show edge bugs past 4.
    const big = fc.integer({ min: 1, max: 11 });
    const arb = fc
      .tuple(big, big, big, fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean())
      .chain(([m, k, n, batch, transposeA, transposeB]) => {
        const aShape = [batch, ...(transposeA ? [k, m] : [m, k])];
        const bShape = transposeB ? [n, k] : [k, n];
        const values = (shape: number[]) =>
          fc.array(fc.integer({ min: -4, max: 4 }), {
            minLength: sizeOf(shape),
            maxLength: sizeOf(shape),
          });
        return fc.tuple(
          fc.constant({ m, k, n, batch, transposeA, transposeB, aShape, bShape }),
          values(aShape),
          values(bShape),
        );
      });
    fc.assert(
      fc.property(arb, ([p, av, bv]) => {
        scope(() => {
          const { m, k, n, batch, transposeA, transposeB } = p;
          const c = matmul(tensor(av, p.aShape), tensor(bv, p.bShape), { transposeA, transposeB });
          expect([...c.shape]).toEqual([batch, m, n]);
          // Plain [m, k] and [k, n] layouts, transposed by index arithmetic here.
          const bPlain = transposeB
            ? Array.from({ length: k * n }, (_, f) => bv[(f % n) * k + Math.floor(f / n)]!)
            : bv;
          const expected: number[] = [];
          for (let t = 0; t < batch; t++) {
            const block = av.slice(t * m * k, (t + 1) * m * k);
            const aPlain = transposeA
              ? Array.from({ length: m * k }, (_, f) => block[(f % k) * m + Math.floor(f / k)]!)
              : block;
            expected.push(...referenceMatmul(aPlain, bPlain, m, k, n));
          }
          expect(valuesOf(c)).toEqual(expected);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('treats 1-D operands as row / column vectors and drops the added axis', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        scope(() => {
          const [m, k] = a.shape as [number, number];
          const n = b.shape[1]!;
          const v = a.values.slice(0, k);
          const w = b.values.filter((_, i) => i % n === 0);
          const row = matmul(tensor(v, [k]), tensor(b.values, b.shape));
          expect([...row.shape]).toEqual([n]);
          expect(valuesOf(row)).toEqual(referenceMatmul(v, b.values, 1, k, n));
          const column = matmul(tensor(a.values, a.shape), tensor(w, [k]));
          expect([...column.shape]).toEqual([m]);
          expect(valuesOf(column)).toEqual(referenceMatmul(a.values, w, m, k, 1));
          const inner = matmul(tensor(v, [k]), tensor(w, [k]));
          expect(inner.shape).toEqual([]);
          expect(inner.item()).toBe(v.reduce((acc, e, i) => acc + e * w[i]!, 0));
        });
      }),
      RUNS,
    );
  });
});
