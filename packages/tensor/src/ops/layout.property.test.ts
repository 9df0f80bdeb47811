import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation.js';
import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { type ReferenceShape, ravel, sizeOf, unravel } from '../testing/reference-indexing.js';
import { gather, scatterAdd } from './gather.js';
import { concat, split, stack } from './join.js';
import { pad } from './pad.js';
import { expandDims, flatten, reshape, squeeze } from './reshape.js';
import { slice } from './slice.js';
import { transpose } from './transpose.js';

const RUNS = { numRuns: 75 };

type Shape = ReferenceShape;

function valuesOf(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Distinct values make every misplaced element visible. */
function distinct(shape: Shape): number[] {
  return Array.from({ length: sizeOf(shape) }, (_, i) => i * 3 - 7);
}

interface Sample {
  readonly shape: number[];
  readonly values: number[];
}

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = (minLength = 0): fc.Arbitrary<number[]> =>
  fc.array(dim, { minLength, maxLength: 4 });

function sampleOf(shapes: fc.Arbitrary<number[]>): fc.Arbitrary<Sample> {
  return shapes.chain((shape) =>
    fc
      .array(fc.integer({ min: -50, max: 50 }), {
        minLength: sizeOf(shape),
        maxLength: sizeOf(shape),
      })
      .map((values) => ({ shape, values })),
  );
}

function make(s: Sample): Tensor {
  return tensor(s.values, s.shape);
}

/** A permutation of 0..n-1. */
function permutationOf(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
}

function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Groups `factors` into at most 4 dimensions (each the product of its group). */
function grouping(factors: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.nat(), { minLength: factors.length, maxLength: factors.length }),
    )
    .map(([groups, picks]) => {
      const shape = new Array<number>(groups).fill(1);
      factors.forEach((f, i) => {
        const g = picks[i]! % groups;
        shape[g] = shape[g]! * f;
      });
      return shape;
    });
}

describe('reshape', () => {
  const factorsArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 });
  const reshapeArb = factorsArb.chain((factors) => fc.tuple(grouping(factors), grouping(factors)));

  it('reshaping to another factorisation and back preserves shape and values', () => {
    fc.assert(
      fc.property(reshapeArb, ([from, to]) => {
        scope(() => {
          const values = distinct(from);
          const x = tensor(values, from);
          const y = reshape(x, to);
          expect([...y.shape]).toEqual(to);
          // Row-major order is untouched by reshape.
          expect(valuesOf(y)).toEqual(values);
          const back = reshape(y, from);
          expect([...back.shape]).toEqual(from);
          expect(valuesOf(back)).toEqual(values);
        });
      }),
      RUNS,
    );
  });

  it('infers a single -1 dimension', () => {
    const arb = reshapeArb.chain(([from, to]) =>
      fc.tuple(fc.constant(from), fc.constant(to), fc.nat({ max: to.length - 1 })),
    );
    fc.assert(
      fc.property(arb, ([from, to, hole]) => {
        scope(() => {
          const x = tensor(distinct(from), from);
          const request = to.map((d, i) => (i === hole ? -1 : d));
          const y = reshape(x, request);
          expect([...y.shape]).toEqual(to);
          expect(valuesOf(y)).toEqual(distinct(from));
        });
      }),
      RUNS,
    );
  });

  it('flatten equals reshape to [-1] and has shape [size]', () => {
    fc.assert(
      fc.property(sampleOf(shapeArb()), (s) => {
        scope(() => {
          const x = make(s);
          const f = flatten(x);
          const r = reshape(x, [-1]);
          expect([...f.shape]).toEqual([sizeOf(s.shape)]);
          expect([...r.shape]).toEqual([sizeOf(s.shape)]);
          expect(valuesOf(f)).toEqual(s.values);
          expect(valuesOf(r)).toEqual(s.values);
        });
      }),
      RUNS,
    );
  });
});

describe('transpose', () => {
  const arb = sampleOf(shapeArb()).chain((s) =>
    fc.tuple(fc.constant(s), permutationOf(s.shape.length)),
  );

  it('transpose(transpose(x, p), inverse(p)) equals x', () => {
    fc.assert(
      fc.property(arb, ([s, perm]) => {
        scope(() => {
          const back = transpose(transpose(make(s), perm), inverse(perm));
          expect([...back.shape]).toEqual(s.shape);
          expect(valuesOf(back)).toEqual(s.values);
        });
      }),
      RUNS,
    );
  });

  it('maps out[j] to x[i] with i[perm[k]] = j[k] (independent index computation)', () => {
    fc.assert(
      fc.property(arb, ([s, perm]) => {
        scope(() => {
          const t = transpose(make(s), perm);
          const outShape = perm.map((p) => s.shape[p]!);
          expect([...t.shape]).toEqual(outShape);
          const expected: number[] = [];
          for (let flat = 0; flat < sizeOf(outShape); flat++) {
            const j = unravel(flat, outShape);
            const i = new Array<number>(perm.length);
            perm.forEach((p, k) => {
              i[p] = j[k]!;
            });
            expected.push(s.values[ravel(i, s.shape)]!);
          }
          expect(valuesOf(t)).toEqual(expected);
        });
      }),
      RUNS,
    );
  });

  it('reverses the axes by default', () => {
    fc.assert(
      fc.property(sampleOf(shapeArb()), (s) => {
        scope(() => {
          const rank = s.shape.length;
          const reversed = Array.from({ length: rank }, (_, i) => rank - 1 - i);
          const a = transpose(make(s));
          const b = transpose(make(s), reversed);
          expect([...a.shape]).toEqual([...s.shape].reverse());
          expect(valuesOf(a)).toEqual(valuesOf(b));
        });
      }),
      RUNS,
    );
  });
});

describe('split, concat, stack, slice', () => {
  it('concat(split(x, k, axis), axis) equals x and each part is the matching block', () => {
    const arb = fc
      .tuple(shapeArb(1), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat())
      .map(([shape, k, m, pick]) => {
        const axis = pick % shape.length;
        const s = [...shape];
        s[axis] = k * m;
        return { shape: s, k, axis };
      });
    fc.assert(
      fc.property(arb, fc.boolean(), ({ shape, k, axis }, negative) => {
        scope(() => {
          const values = distinct(shape);
          const x = tensor(values, shape);
          const a = negative ? axis - shape.length : axis;
          const parts = split(x, k, a);
          expect(parts).toHaveLength(k);
          const width = shape[axis]! / k;
          parts.forEach((part, p) => {
            const partShape = shape.map((d, i) => (i === axis ? width : d));
            expect([...part.shape]).toEqual(partShape);
            const expected: number[] = [];
            for (let flat = 0; flat < sizeOf(partShape); flat++) {
              const index = unravel(flat, partShape);
              index[axis] = index[axis]! + p * width;
              expected.push(values[ravel(index, shape)]!);
            }
            expect(valuesOf(part)).toEqual(expected);
          });
          const joined = concat(parts, a);
          expect([...joined.shape]).toEqual(shape);
          expect(valuesOf(joined)).toEqual(values);
        });
      }),
      RUNS,
    );
  });

  it('stack then slice recovers each input', () => {
    const arb = shapeArb().chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: -(shape.length + 1), max: shape.length }),
      ),
    );
    fc.assert(
      fc.property(arb, ([shape, count, axis]) => {
        scope(() => {
          const inputs = Array.from({ length: count }, (_, n) =>
            distinct(shape).map((v) => v + 1000 * n),
          );
          const stacked = stack(
            inputs.map((v) => tensor(v, shape)),
            axis,
          );
          const a = axis < 0 ? axis + shape.length + 1 : axis;
          const expectedShape = [...shape];
          expectedShape.splice(a, 0, count);
          expect([...stacked.shape]).toEqual(expectedShape);
          inputs.forEach((values, n) => {
            const begin = expectedShape.map((_, i) => (i === a ? n : 0));
            const size = expectedShape.map((d, i) => (i === a ? 1 : d));
            const part = slice(stacked, begin, size);
            expect([...part.shape]).toEqual(size);
            expect(valuesOf(part)).toEqual(values);
            expect([...squeeze(part, a).shape]).toEqual(shape);
          });
        });
      }),
      RUNS,
    );
  });

  it('slice matches an independent index computation', () => {
    const arb = sampleOf(shapeArb(1)).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.tuple(
          ...s.shape.map((d) =>
            fc
              .integer({ min: 0, max: d })
              .chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b }))),
          ),
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([s, ranges]) => {
        scope(() => {
          const begin = ranges.map(([b]) => b);
          const size = ranges.map(([, n]) => n);
          const part = slice(make(s), begin, size);
          expect([...part.shape]).toEqual(size);
          const expected: number[] = [];
          for (let flat = 0; flat < sizeOf(size); flat++) {
            const index = unravel(flat, size).map((i, k) => i + begin[k]!);
            expected.push(s.values[ravel(index, s.shape)]!);
          }
          expect(valuesOf(part)).toEqual(expected);
        });
      }),
      RUNS,
    );
  });
});

describe('expandDims, squeeze, pad', () => {
  it('squeeze(expandDims(x, a), a) equals x for every a in [-rank-1, rank]', () => {
    const arb = sampleOf(shapeArb()).chain((s) =>
      fc.tuple(fc.constant(s), fc.integer({ min: -(s.shape.length + 1), max: s.shape.length })),
    );
    fc.assert(
      fc.property(arb, ([s, axis]) => {
        scope(() => {
          const e = expandDims(make(s), axis);
          const position = axis < 0 ? axis + s.shape.length + 1 : axis;
          const expected = [...s.shape];
          expected.splice(position, 0, 1);
          expect([...e.shape]).toEqual(expected);
          const back = squeeze(e, axis);
          expect([...back.shape]).toEqual(s.shape);
          expect(valuesOf(back)).toEqual(s.values);
        });
      }),
      RUNS,
    );
  });

  it('pad then slice recovers x, and the border holds the pad value', () => {
    const arb = sampleOf(shapeArb()).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.tuple(
          ...s.shape.map(() =>
            fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
          ),
        ),
        fc.integer({ min: -9, max: 9 }),
      ),
    );
    fc.assert(
      fc.property(arb, ([s, paddings, value]) => {
        scope(() => {
          const padded = pad(make(s), paddings, value);
          const outShape = s.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
          expect([...padded.shape]).toEqual(outShape);
          const expected: number[] = [];
          for (let flat = 0; flat < sizeOf(outShape); flat++) {
            const index = unravel(flat, outShape).map((i, k) => i - paddings[k]![0]);
            const inside = index.every((i, k) => i >= 0 && i < s.shape[k]!);
            expected.push(inside ? s.values[ravel(index, s.shape)]! : value);
          }
          expect(valuesOf(padded)).toEqual(expected);
          const inner = slice(
            padded,
            paddings.map(([before]) => before),
            s.shape,
          );
          expect([...inner.shape]).toEqual(s.shape);
          expect(valuesOf(inner)).toEqual(s.values);
        });
      }),
      RUNS,
    );
  });
});

describe('gather and scatterAdd', () => {
  const arb = sampleOf(shapeArb(1)).chain((s) =>
    fc
      .nat({ max: s.shape.length - 1 })
      .chain((axis) => fc.tuple(fc.constant(s), fc.constant(axis), permutationOf(s.shape[axis]!))),
  );

  it('gather with arange indices is the identity', () => {
    fc.assert(
      fc.property(arb, ([s, axis]) => {
        scope(() => {
          const g = gather(make(s), arange(s.shape[axis]!), axis);
          expect([...g.shape]).toEqual(s.shape);
          expect(valuesOf(g)).toEqual(s.values);
        });
      }),
      RUNS,
    );
  });

  it('gather with a permutation moves slices as an independent index computation says', () => {
    fc.assert(
      fc.property(arb, ([s, axis, perm]) => {
        scope(() => {
          const g = gather(make(s), tensor(perm, [perm.length], 'int32'), axis);
          expect([...g.shape]).toEqual(s.shape);
          const expected: number[] = [];
          for (let flat = 0; flat < sizeOf(s.shape); flat++) {
            const index = unravel(flat, s.shape);
            index[axis] = perm[index[axis]!]!;
            expected.push(s.values[ravel(index, s.shape)]!);
          }
          expect(valuesOf(g)).toEqual(expected);
        });
      }),
      RUNS,
    );
  });

  it('gather with negative indices counts from the end', () => {
    fc.assert(
      fc.property(arb, ([s, axis, perm]) => {
        scope(() => {
          const d = s.shape[axis]!;
          const negative = perm.map((p) => p - d);
          const a = gather(make(s), tensor(negative, [d], 'int32'), axis);
          const b = gather(make(s), tensor(perm, [d], 'int32'), axis);
          expect(valuesOf(a)).toEqual(valuesOf(b));
        });
      }),
      RUNS,
    );
  });

  it('scatterAdd(zeros, idx, gather(x, idx)) with a permutation idx equals x', () => {
    fc.assert(
      fc.property(arb, ([s, axis, perm]) => {
        scope(() => {
          const x = make(s);
          const idx = tensor(perm, [perm.length], 'int32');
          const back = scatterAdd(zeros(s.shape), idx, gather(x, idx, axis), axis);
          expect([...back.shape]).toEqual(s.shape);
          expect(valuesOf(back)).toEqual(s.values);
        });
      }),
      RUNS,
    );
  });

  it('scatterAdd accumulates repeated indices', () => {
    const repeated = sampleOf(shapeArb(1)).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.array(fc.nat({ max: s.shape[0]! - 1 }), { minLength: 1, maxLength: 6 }),
      ),
    );
    fc.assert(
      fc.property(repeated, ([s, indices]) => {
        scope(() => {
          const inner = sizeOf(s.shape.slice(1));
          const updates = Array.from({ length: indices.length * inner }, (_, i) => i + 1);
          const result = scatterAdd(
            make(s),
            tensor(indices, [indices.length], 'int32'),
            tensor(updates, [indices.length, ...s.shape.slice(1)]),
          );
          const expected = [...s.values];
          indices.forEach((row, p) => {
            for (let i = 0; i < inner; i++) expected[row * inner + i]! += updates[p * inner + i]!;
          });
          expect(valuesOf(result)).toEqual(expected);
        });
      }),
      RUNS,
    );
  });
});
