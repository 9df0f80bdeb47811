import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { scope } from '../scope.js';
import {
  largest,
  precise,
  RUNS,
  real,
  referenceReduce,
  sampleOf,
  shapeArb,
  smallInt,
  valuesOf,
  withAxes,
  withAxis,
} from '../testing/reduction-samples.js';
import { ravel, sizeOf, unravel } from '../testing/reference-indexing.js';
import { argmax, argmin, max, min } from './reduce.js';
import { neg } from './unary.js';

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
