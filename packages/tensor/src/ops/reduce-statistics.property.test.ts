import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ones, tensor } from '../creation.js';
import { scope } from '../scope.js';
import { assertTensorClose } from '../testing/index.js';
import {
  precise,
  RUNS,
  real,
  referenceReduce,
  sampleOf,
  shapeArb,
  smallInt,
  tolerance,
  total,
  valuesOf,
  withAxes,
  withAxis,
} from '../testing/reduction-samples.js';
import { mul, sub } from './binary.js';
import { prod, sum } from './reduce.js';
import { mean, norm, variance } from './statistics.js';

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
