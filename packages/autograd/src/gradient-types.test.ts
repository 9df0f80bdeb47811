import { add, matmul, mul, sum, type Tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Argnums } from './arguments.js';
import type { Gradient, Gradients, GradOptions } from './gradient-types.js';
import { jacobian } from './jacobian.js';
import { floats } from './testing/dtype.js';
import { grad, valueAndGrad } from './value-and-grad.js';

// The types are checked by `tsc` (the package's typecheck); each case also computes the
// gradient it describes, so that the run checks the values have the structure the type says.

interface Params {
  dense: { weight: Tensor; bias: Tensor };
  layers: [Tensor, Tensor];
  frozen: readonly Tensor[];
  step: null;
}

const params = (): Params => ({
  dense: { weight: floats([1, 2, 3, 4], [2, 2]), bias: floats([0.5, -0.5]) },
  layers: [floats([2]), floats([3])],
  frozen: [floats([1])],
  step: null,
});

const loss = (p: Params, x: Tensor) =>
  sum(
    add(
      mul(add(matmul(x, p.dense.weight), p.dense.bias), mul(p.layers[0], p.layers[1])),
      p.frozen[0]!,
    ),
  );

describe('Gradient', () => {
  it('maps every tensor leaf of a tree to a tensor, keeping its structure', () => {
    expectTypeOf<Gradient<Tensor>>().toEqualTypeOf<Tensor>();
    expectTypeOf<Gradient<Params>>().toEqualTypeOf<{
      dense: { weight: Tensor; bias: Tensor };
      layers: [Tensor, Tensor];
      frozen: readonly Tensor[];
      step: null;
    }>();
    // Every leaf becomes a Tensor of any dtype, whatever the leaf type was.
    expectTypeOf<Gradient<{ half: Tensor<'float32'>; list: Tensor<'float64'>[] }>>().toEqualTypeOf<{
      half: Tensor;
      list: Tensor[];
    }>();
    expectTypeOf<Gradient<{ maybe?: Tensor; gone: undefined }>>().toEqualTypeOf<{
      maybe?: Tensor;
      gone: undefined;
    }>();
    const g = grad(loss)(params(), floats([1, 1], [1, 2]));
    expectTypeOf(g).toEqualTypeOf<Gradient<Params>>();
    // The value has that structure: d/db = s, with s = 2·3 = 6 for each column.
    assertTensorClose(g.dense.bias, [6, 6]);
    expect(g.layers).toHaveLength(2);
    expect(g.frozen).toHaveLength(1);
    expect(g.step).toBeNull();
  });
});

describe('Gradients', () => {
  type Args = [Params, Tensor, { scale: Tensor }];

  it('is one gradient tree for a numeric argnums', () => {
    expectTypeOf<Gradients<Args, 0>>().toEqualTypeOf<Gradient<Params>>();
    expectTypeOf<Gradients<Args, 2>>().toEqualTypeOf<{ scale: Tensor }>();
    // A number not known at compile time: any argument's gradient.
    expectTypeOf<Gradients<[Tensor, { w: Tensor }], number>>().toEqualTypeOf<
      Tensor | { w: Tensor }
    >();
  });

  it('counts a negative argnums from the end, as at run time', () => {
    expectTypeOf<Gradients<Args, -1>>().toEqualTypeOf<{ scale: Tensor }>();
    expectTypeOf<Gradients<Args, -3>>().toEqualTypeOf<Gradient<Params>>();
    expectTypeOf<Gradients<Args, [-2, 0]>>().toEqualTypeOf<[Tensor, Gradient<Params>]>();
    // Past the first argument there is none (the call throws).
    expectTypeOf<Gradients<Args, -4>>().toBeNever();
    // With a rest parameter the count is unknown: any argument's gradient.
    expectTypeOf<Gradients<[Tensor, ...{ w: Tensor }[]], -1>>().toEqualTypeOf<
      Tensor | { w: Tensor }
    >();
    const f = (x: Tensor, p: { w: Tensor }) => sum(mul(x, p.w));
    const last = grad(f, { argnums: -1 })(floats([3, 4]), { w: floats([1, 2]) });
    expectTypeOf(last).toEqualTypeOf<{ w: Tensor }>();
    assertTensorClose(last.w, [3, 4]);
  });

  it('is a mutable tuple in argnums order for an array argnums, readonly or not', () => {
    expectTypeOf<Gradients<Args, [2, 0]>>().toEqualTypeOf<[{ scale: Tensor }, Gradient<Params>]>();
    expectTypeOf<Gradients<Args, readonly [1, 2]>>().toEqualTypeOf<[Tensor, { scale: Tensor }]>();
    expectTypeOf<Gradients<[Tensor, Tensor], number[]>>().toEqualTypeOf<Tensor[]>();
  });

  it('is what grad, valueAndGrad and jacobian infer from a literal argnums', () => {
    const f = (p: { w: Tensor }, x: Tensor, s: { scale: Tensor }) => sum(mul(mul(p.w, x), s.scale));
    const p = { w: floats([1, 2]) };
    const x = floats([3, 4]);
    const s = { scale: floats([2]) };
    const pair = grad(f, { argnums: [2, 0] })(p, x, s);
    expectTypeOf(pair).toEqualTypeOf<[{ scale: Tensor }, { w: Tensor }]>();
    // d/dscale sum(w·x·scale) = sum(w·x) = 11, d/dw = x·scale, d/dx = w·scale.
    assertTensorClose(pair[0].scale, [11]);
    assertTensorClose(pair[1].w, [6, 8]);
    const [value, single] = valueAndGrad(f, { argnums: 1 })(p, x, s);
    expectTypeOf(single).toEqualTypeOf<Tensor>();
    expect(value.item()).toBe(22);
    assertTensorClose(single, [2, 4]);
    const rows = jacobian((v: Tensor, q: { w: Tensor }) => mul(v, q.w), { argnums: [1] })(x, p);
    expectTypeOf(rows).toEqualTypeOf<[{ w: Tensor }]>();
    expect(rows).toHaveLength(1);
    assertTensorClose(rows[0].w, [
      [3, 0],
      [0, 4],
    ]);
  });
});

describe('GradOptions', () => {
  it('types argnums by its parameter and hasAux as a boolean', () => {
    expectTypeOf<GradOptions['argnums']>().toEqualTypeOf<Argnums | undefined>();
    expectTypeOf<GradOptions<[0, 1]>['argnums']>().toEqualTypeOf<[0, 1] | undefined>();
    expectTypeOf<GradOptions['hasAux']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<{ argnums: [0, -1]; hasAux: true }>().toExtend<GradOptions>();
    expectTypeOf<{ argnums: 'w' }>().not.toExtend<GradOptions>();
    expectTypeOf<{ hasAux: 1 }>().not.toExtend<GradOptions>();
  });
});
