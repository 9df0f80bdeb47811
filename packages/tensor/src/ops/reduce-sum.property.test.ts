import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { scope } from '../scope.js';
import { assertTensorClose } from '../testing/index.js';
import {
  RUNS,
  referenceReduce,
  sampleOf,
  shapeArb,
  smallInt,
  total,
  valuesOf,
  withAxes,
} from '../testing/reduction-samples.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';
import { mean } from './statistics.js';

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
