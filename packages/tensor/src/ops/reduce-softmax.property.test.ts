import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { scope } from '../scope.js';
import { assertTensorClose } from '../testing/index.js';
import {
  largest,
  precise,
  RUNS,
  real,
  referenceReduce,
  sampleOf,
  shapeArb,
  tolerance,
  valuesOf,
  withAxes,
  withAxis,
} from '../testing/reduction-samples.js';
import { ravel, unravel } from '../testing/reference-indexing.js';
import { add } from './binary.js';
import { max, sum } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';
import { logSumExp } from './statistics.js';
import { exp } from './unary.js';

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
