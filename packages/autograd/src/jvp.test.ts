import {
  add,
  argmax,
  cast,
  exp,
  matmul,
  memory,
  mul,
  ShapeError,
  sin,
  sum,
  type Tensor,
  tanh,
  tensor,
  ValueError,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { jvp } from './jvp.js';
import { floats, testDType } from './testing/dtype.js';
import { values } from './testing/values.js';

const FD = { rtol: 1e-6, atol: 1e-8 };
const h = 1e-6;

// A function of a parameter tree and a vector, returning a tree.
type Params = { w: Tensor; b: Tensor };
const model = (p: Params, x: Tensor) => {
  const hidden = tanh(add(matmul(p.w, x), p.b));
  return { hidden, energy: sum(mul(hidden, sum(exp(x)))) };
};

/** `x + s·t`, leaf by leaf. */
const moved = (x: Tensor, t: Tensor, s: number) => add(x, mul(t, s));

describe('jvp', () => {
  it('matches the central difference (f(x + ht) - f(x - ht)) / 2h along the tangent', () => {
    const p = { w: values([3, 2], 1), b: values([3, 1], 2) };
    const x = values([2, 1], 3);
    const tp = { w: values([3, 2], 4), b: values([3, 1], 5) };
    const tx = values([2, 1], 6);
    const [out, tangent] = jvp(model, [p, x], [tp, tx]);
    const at = (s: number) =>
      model({ w: moved(p.w, tp.w, s), b: moved(p.b, tp.b, s) }, moved(x, tx, s));
    const plus = at(h);
    const minus = at(-h);
    const difference = (a: Tensor, b: Tensor) =>
      Array.from(a.dataSync(), (v, i) => (v - b.dataSync()[i]!) / (2 * h));
    assertTensorClose(tangent.hidden, difference(plus.hidden, minus.hidden), FD);
    assertTensorClose(tangent.energy, difference(plus.energy, minus.energy), FD);
    expect(tangent.hidden.shape).toEqual([3, 1]);
    expect(tangent.energy.shape).toEqual([]);
    // The primal output is f's value at the point.
    assertTensorClose(out.hidden, tanh(add(matmul(p.w, x), p.b)).toArray());
  });

  it('is linear in the tangent: jvp(2·t1 - 3·t2) = 2·jvp(t1) - 3·jvp(t2)', () => {
    const f = (v: Tensor) => sin(mul(v, v));
    const x = values([4], 7);
    const t1 = values([4], 8);
    const t2 = values([4], 9);
    const [, d1] = jvp(f, [x], [t1]);
    const [, d2] = jvp(f, [x], [t2]);
    const [, combined] = jvp(f, [x], [add(mul(t1, 2), mul(t2, -3))]);
    assertTensorClose(combined, add(mul(d1, 2), mul(d2, -3)).toArray(), {
      rtol: 1e-12,
      atol: 1e-14,
    });
  });

  it('gives zeros for a float output that does not depend on the primals', () => {
    const c = floats([5, 6]);
    const [out, tangent] = jvp(
      (v: Tensor) => [sum(v), mul(c, 2)],
      [floats([1, 2])],
      [floats([1, 1])],
    );
    assertTensorClose(out[1]!, [10, 12]);
    assertTensorClose(tangent[0]!, [2], { shape: [] });
    assertTensorClose(tangent[1]!, [0, 0]);
  });

  it('ignores integer primals and gives integer outputs a null tangent', () => {
    const x = floats([1, 3, 2]);
    const n = tensor([2, 5, 7], [3], 'int32');
    const [out, tangent] = jvp(
      (v: Tensor, k: Tensor) => ({ scaled: mul(v, cast(k, testDType())), index: argmax(v) }),
      [x, n],
      // Whatever sits at the integer position is not read.
      [floats([1, 0, -1]), tensor([100, 100, 100], [3], 'int32')],
    );
    expect(out.index.item()).toBe(1);
    expect(tangent.index).toBeNull();
    assertTensorClose(tangent.scaled, [2, 0, -7]);
  });

  it('refuses tangents that do not pair with the primals, naming jvp and tangents', () => {
    const f = (a: Tensor, b: Tensor) => mul(a, b);
    const a = floats([1, 2]);
    const b = floats([3, 4]);
    expect(() => jvp(f, [a, b], [a] as never)).toThrow(
      "jvp: argument 'tangents' must be an array with one tangent tree per primal",
    );
    expect(() => jvp(f, a as never, [a, b] as never)).toThrow(ValueError);
    expect(() => jvp(f, [a, b], [a, floats([1, 2, 3])])).toThrow(ShapeError);
    expect(() => jvp(f, [a, b], [a, floats([1, 2, 3])])).toThrow(
      "jvp: argument 'tangents' has shape [3] at leaf 1 but the value there has shape [2]",
    );
    const g = (p: { u: Tensor }) => p.u;
    expect(() => jvp(g, [{ u: a }], [{ v: a }] as never)).toThrow(
      "jvp: argument 'tangents' must have the same tree structure",
    );
    expect(() => jvp(g, [{ u: a }], [{ u: 1 }] as never)).toThrow(
      "jvp: argument 'tangents' must hold tensors, got number at leaf 0",
    );
  });

  it('refuses a bad f or primal, naming jvp and the argument', () => {
    const a = floats([1]);
    expect(() => jvp('f' as never, [a], [a])).toThrow(
      "jvp: argument 'f' must be a function, got string",
    );
    expect(() => jvp((v: Tensor) => ({ v, n: 1 }), [a], [a])).toThrow(
      "jvp: argument 'f' must return a tensor or a tree of tensors, got number at n",
    );
    expect(() => jvp((v: unknown) => v as Tensor, [{ x: 'a' }], [{ x: 'a' }])).toThrow(
      "jvp: argument 'args[0]' holds a string at x;",
    );
  });

  it('leaves only the output and its tangent behind, also when it fails', () => {
    const x = floats([0.5, 1]);
    const t = floats([1, -1]);
    const f = (v: Tensor) => sin(mul(v, v));
    const before = memory().tensors;
    const [out, tangent] = jvp(f, [x], [t]);
    expect(memory().tensors).toBe(before + 2);
    out.dispose();
    tangent.dispose();
    expect(() => jvp((v: Tensor) => [f(v), 'x'], [x], [t])).toThrow(ValueError);
    expect(memory().tensors).toBe(before);
  });
});
