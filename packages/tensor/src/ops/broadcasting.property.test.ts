import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import type { DType } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { assertTensorClose, backendSupports } from '../testing/index.js';
import { type ReferenceShape, sizeOf, unravel } from '../testing/reference-indexing.js';
import { add, div, maximum, minimum, mul, sub } from './binary.js';
import { broadcastTo } from './transpose.js';
import { where } from './where.js';

// Small shapes keep every property fast: rank <= 4, dims <= 4.
const RUNS = { numRuns: 75 };

type Shape = ReferenceShape;

/** NumPy's rule, written independently of the library: align right, 1 stretches, else equal. */
function numpyBroadcast(a: Shape, b: Shape): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else return undefined;
  }
  return out;
}

/** Expands row-major `values` of `shape` to `outShape` with explicit index arithmetic. */
function referenceBroadcast(values: readonly number[], shape: Shape, outShape: Shape): number[] {
  const out: number[] = [];
  const offset = outShape.length - shape.length;
  for (let i = 0; i < sizeOf(outShape); i++) {
    const outIndex = unravel(i, outShape);
    let flat = 0;
    for (let k = 0; k < shape.length; k++) {
      const d = shape[k]!;
      const j = d === 1 ? 0 : outIndex[offset + k]!;
      flat = flat * d + j;
    }
    out.push(values[flat]!);
  }
  return out;
}

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { maxLength: 4 });

/** An input shape that broadcasts to `target`: a suffix of it with some dims set to 1. */
function broadcastableTo(target: Shape): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: target.length }),
      fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
    )
    .map(([rank, ones]) => target.slice(target.length - rank).map((d, i) => (ones[i] ? 1 : d)));
}

/** Integer values (exact in float32 under +, -, *) for a shape. */
function valuesFor(shape: Shape, min = -8, max = 8): fc.Arbitrary<number[]> {
  const n = sizeOf(shape);
  return fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });
}

interface Operand {
  readonly shape: number[];
  readonly values: number[];
}

function operandFor(target: Shape, min?: number, max?: number): fc.Arbitrary<Operand> {
  return broadcastableTo(target).chain((shape) =>
    valuesFor(shape, min, max).map((values) => ({ shape, values })),
  );
}

/** A target shape and two operands that each broadcast to it. */
const pairArb = shapeArb.chain((target) =>
  fc.tuple(fc.constant(target), operandFor(target), operandFor(target)),
);

function make(o: Operand, dtype: DType = 'float32'): Tensor {
  return tensor(o.values, o.shape, dtype);
}

function precise(): DType {
  return backendSupports('float64') ? 'float64' : 'float32';
}

function valuesOf(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

describe('broadcast shape rule', () => {
  it('matches NumPy for arbitrary (possibly incompatible) shape pairs, including zero-size dims', () => {
    const anyShape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
    fc.assert(
      fc.property(anyShape, anyShape, (a, b) => {
        scope(() => {
          const expected = numpyBroadcast(a, b);
          const x = zeros(a);
          const y = zeros(b);
          if (expected === undefined) {
            expect(() => add(x, y)).toThrow(ShapeError);
          } else {
            const z = add(x, y);
            expect([...z.shape]).toEqual(expected);
            expect(z.size).toBe(sizeOf(expected));
          }
        });
      }),
      { numRuns: 100 },
    );
  });

  it('result shape of compatible operands follows the rule in both argument orders', () => {
    fc.assert(
      fc.property(pairArb, ([, a, b]) => {
        scope(() => {
          const expected = numpyBroadcast(a.shape, b.shape);
          expect(expected).toBeDefined();
          expect([...add(make(a), make(b)).shape]).toEqual(expected);
          expect([...mul(make(b), make(a)).shape]).toEqual(expected);
        });
      }),
      RUNS,
    );
  });
});

describe('broadcasting add', () => {
  it('equals add of explicitly broadcast operands and an index-arithmetic reference', () => {
    fc.assert(
      fc.property(pairArb, ([, a, b]) => {
        scope(() => {
          const s = numpyBroadcast(a.shape, b.shape)!;
          const x = make(a);
          const y = make(b);
          const implicit = add(x, y);
          const explicit = add(broadcastTo(x, s), broadcastTo(y, s));
          expect([...implicit.shape]).toEqual(s);
          expect(valuesOf(implicit)).toEqual(valuesOf(explicit));
          const ra = referenceBroadcast(a.values, a.shape, s);
          const rb = referenceBroadcast(b.values, b.shape, s);
          expect(valuesOf(implicit)).toEqual(ra.map((v, i) => v + rb[i]!));
        });
      }),
      RUNS,
    );
  });

  it('broadcastTo matches the index-arithmetic reference', () => {
    const arb = shapeArb.chain((target) => fc.tuple(fc.constant(target), operandFor(target)));
    fc.assert(
      fc.property(arb, ([target, a]) => {
        scope(() => {
          const b = broadcastTo(make(a), target);
          expect([...b.shape]).toEqual([...target]);
          expect(valuesOf(b)).toEqual(referenceBroadcast(a.values, a.shape, target));
        });
      }),
      RUNS,
    );
  });

  it('sub and mul of broadcast operands match the reference', () => {
    fc.assert(
      fc.property(pairArb, ([, a, b]) => {
        scope(() => {
          const s = numpyBroadcast(a.shape, b.shape)!;
          const ra = referenceBroadcast(a.values, a.shape, s);
          const rb = referenceBroadcast(b.values, b.shape, s);
          expect(valuesOf(sub(make(a), make(b)))).toEqual(ra.map((v, i) => v - rb[i]!));
          expect(valuesOf(mul(make(a), make(b)))).toEqual(ra.map((v, i) => v * rb[i]!));
        });
      }),
      RUNS,
    );
  });
});

describe('commutativity', () => {
  it('add, mul, maximum and minimum commute under broadcasting', () => {
    fc.assert(
      fc.property(pairArb, ([, a, b]) => {
        scope(() => {
          for (const op of [add, mul, maximum, minimum]) {
            const ab = op(make(a), make(b));
            const ba = op(make(b), make(a));
            expect([...ab.shape]).toEqual([...ba.shape]);
            expect(valuesOf(ab)).toEqual(valuesOf(ba));
          }
        });
      }),
      RUNS,
    );
  });

  it('maximum matches Math.max on the broadcast reference', () => {
    fc.assert(
      fc.property(pairArb, ([, a, b]) => {
        scope(() => {
          const s = numpyBroadcast(a.shape, b.shape)!;
          const ra = referenceBroadcast(a.values, a.shape, s);
          const rb = referenceBroadcast(b.values, b.shape, s);
          expect(valuesOf(maximum(make(a), make(b)))).toEqual(
            ra.map((v, i) => Math.max(v, rb[i]!)),
          );
        });
      }),
      RUNS,
    );
  });
});

describe('where broadcasting', () => {
  const tripleArb = shapeArb.chain((target) =>
    fc.tuple(
      fc.constant(target),
      broadcastableTo(target).chain((shape) =>
        fc
          .array(fc.boolean(), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
          .map((flags) => ({ shape, flags })),
      ),
      operandFor(target),
      operandFor(target),
    ),
  );

  it('equals where of explicitly broadcast operands and an index-arithmetic reference', () => {
    fc.assert(
      fc.property(tripleArb, ([, c, a, b]) => {
        scope(() => {
          const s1 = numpyBroadcast(c.shape, a.shape)!;
          const s = numpyBroadcast(s1, b.shape)!;
          const cond = tensor(c.flags, c.shape, 'bool');
          const x = make(a);
          const y = make(b);
          const implicit = where(cond, x, y);
          expect([...implicit.shape]).toEqual(s);
          const explicit = where(broadcastTo(cond, s), broadcastTo(x, s), broadcastTo(y, s));
          expect(valuesOf(implicit)).toEqual(valuesOf(explicit));
          const rc = referenceBroadcast(
            c.flags.map((f) => (f ? 1 : 0)),
            c.shape,
            s,
          );
          const ra = referenceBroadcast(a.values, a.shape, s);
          const rb = referenceBroadcast(b.values, b.shape, s);
          expect(valuesOf(implicit)).toEqual(rc.map((f, i) => (f ? ra[i]! : rb[i]!)));
        });
      }),
      RUNS,
    );
  });
});

describe('arithmetic identities', () => {
  it('sub(a, a) is zero', () => {
    const arb = shapeArb.chain((shape) =>
      fc
        .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
          minLength: sizeOf(shape),
          maxLength: sizeOf(shape),
        })
        .map((values) => ({ shape, values })),
    );
    fc.assert(
      fc.property(arb, (a) => {
        scope(() => {
          const x = tensor(a.values, a.shape, precise());
          const z = sub(x, x);
          expect([...z.shape]).toEqual(a.shape);
          assertTensorClose(z, new Array<number>(a.values.length).fill(0), { atol: 0, rtol: 0 });
        });
      }),
      RUNS,
    );
  });

  it('div(mul(a, b), b) ≈ a for non-zero b under broadcasting', () => {
    const nonZero = fc
      .double({ min: 0.5, max: 20, noNaN: true })
      .chain((m) => fc.boolean().map((negative) => (negative ? -m : m)));
    const arb = shapeArb.chain((target) =>
      fc.tuple(
        fc.constant(target),
        broadcastableTo(target).chain((shape) =>
          fc
            .array(fc.double({ min: -100, max: 100, noNaN: true }), {
              minLength: sizeOf(shape),
              maxLength: sizeOf(shape),
            })
            .map((values) => ({ shape, values })),
        ),
        broadcastableTo(target).chain((shape) =>
          fc
            .array(nonZero, { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
            .map((values) => ({ shape, values })),
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([, a, b]) => {
        scope(() => {
          const dtype = precise();
          const x = tensor(a.values, a.shape, dtype);
          const y = tensor(b.values, b.shape, dtype);
          const s = numpyBroadcast(a.shape, b.shape)!;
          // Compare against a's own values stored at the tensor's precision.
          const stored = Array.from(x.dataSync());
          const tol =
            dtype === 'float64' ? { rtol: 1e-12, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-5 };
          assertTensorClose(div(mul(x, y), y), referenceBroadcast(stored, a.shape, s), {
            shape: s,
            ...tol,
          });
        });
      }),
      RUNS,
    );
  });
});
