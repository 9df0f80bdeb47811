import {
  argmax,
  dispose,
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
import { floats } from './testing/dtype.js';
import { centralDifferences } from './testing/finite-differences.js';
import { values } from './testing/values.js';
import { vjp } from './vjp.js';

const FD = { rtol: 1e-6, atol: 1e-8 };

// A nonlinear function of a matrix and a vector, with a tree output.
const layer = (w: Tensor, x: Tensor) => {
  const hidden = tanh(matmul(w, x));
  return { hidden, wave: sin(mul(hidden, x)) };
};

describe('vjp', () => {
  it('matches central differences of sum(out · cotangent) for every primal', () => {
    const w = values([3, 3], 1);
    const x = values([3, 1], 2);
    const c = { hidden: values([3, 1], 3), wave: values([3, 1], 4) };
    const [out, pullback] = vjp(layer, w, x);
    assertTensorClose(out.hidden, tanh(matmul(w, x)).toArray());
    const [dw, dx] = pullback(c);
    const [expectedW, expectedX] = centralDifferences(
      (a, b) => {
        const y = layer(a!, b!);
        return sum(mul(y.hidden, c.hidden)).item() + sum(mul(y.wave, c.wave)).item();
      },
      [w, x],
    );
    assertTensorClose(dw, expectedW!, FD);
    assertTensorClose(dx, expectedX!, FD);
    expect(dw.shape).toEqual([3, 3]);
    expect(dx.shape).toEqual([3, 1]);
    pullback.dispose();
  });

  it('is linear in the cotangent: vjp(a·c1 + b·c2) = a·vjp(c1) + b·vjp(c2)', () => {
    const x = values([4], 5);
    const [, pullback] = vjp((v: Tensor) => sin(mul(v, v)), x);
    const c1 = values([4], 6);
    const c2 = values([4], 7);
    const [g1] = pullback(c1);
    const [g2] = pullback(c2);
    const first = Array.from(c1.dataSync());
    const second = Array.from(c2.dataSync());
    const [combined] = pullback(floats(first.map((v, k) => 2 * v - 3 * second[k]!)));
    const [h1, h2] = [Array.from(g1.dataSync()), Array.from(g2.dataSync())];
    const expected = h1.map((v, k) => 2 * v - 3 * h2[k]!);
    assertTensorClose(combined, expected, { rtol: 1e-12, atol: 1e-14 });
    pullback.dispose();
  });

  it('returns gradients in each primal structure, and null for integer primals', () => {
    const params = { a: floats([1, 2]), nested: [floats([3])] };
    const index = tensor([1, 0], [2], 'int32');
    const [out, pullback] = vjp(
      (p: typeof params, _i: Tensor) => mul(mul(p.a, p.nested[0]!), p.a),
      params,
      index,
    );
    assertTensorClose(out, [3, 12]);
    const [g, gi] = pullback(floats([1, 10]));
    // d/da a²n · c = 2anc, d/dn = a²c summed.
    assertTensorClose(g.a, [6, 120]);
    assertTensorClose(g.nested[0]!, [1 + 40]);
    expect(gi).toBeNull();
    pullback.dispose();
  });

  it('ignores the cotangent of an integer output (it has no derivative)', () => {
    const x = floats([1, 3, 2]);
    const [out, pullback] = vjp((v: Tensor) => [mul(v, 2), argmax(v)], x);
    expect(out[1]!.item()).toBe(1);
    // Any integer cotangent, of any shape, contributes nothing.
    const [g] = pullback([floats([1, 1, 1]), tensor([99, 99], [2], 'int32')]);
    assertTensorClose(g, [2, 2, 2]);
    pullback.dispose();
  });

  it('refuses a bad f, primal or output, naming vjp and the argument', () => {
    expect(() => vjp(null as never, floats([1]))).toThrow(
      "vjp: argument 'f' must be a function, got null",
    );
    expect(() => vjp((_a: Tensor, b: unknown) => b as Tensor, floats([1]), 2)).toThrow(
      "vjp: argument 'args[1]' holds a number; differentiated arguments must be tensors or trees of tensors",
    );
    expect(() => vjp((v: Tensor) => ({ y: v, n: 3 }), floats([1]))).toThrow(
      "vjp: argument 'f' must return a tensor or a tree of tensors, got number at n",
    );
  });

  it('releases everything when f returns something that is not a tree of tensors', () => {
    const x = floats([1, 2]);
    const before = memory().tensors;
    expect(() => vjp((v: Tensor) => [sin(mul(v, v)), 'text'], x)).toThrow(ValueError);
    expect(memory().tensors).toBe(before);
  });

  it('refuses a bad cotangent before computing anything, and stays usable', () => {
    const x = floats([1, 2]);
    const [, pullback] = vjp((v: Tensor) => ({ y: mul(v, v) }), x);
    const right = floats([1, 1]);
    const long = floats([1, 1, 1]);
    const before = memory().tensors;
    expect(() => pullback({ z: right } as never)).toThrow(ShapeError);
    expect(() => pullback({ y: long })).toThrow(
      "vjp: argument 'cotangent' has shape [3] at leaf 0",
    );
    expect(() => pullback({ y: 1 } as never)).toThrow(
      "vjp: argument 'cotangent' must hold tensors, got number at leaf 0",
    );
    expect(memory().tensors).toBe(before);
    const [g] = pullback({ y: right });
    assertTensorClose(g, [2, 4]);
    pullback.dispose();
  });

  it('keeps only what the pullback needs, and dispose releases it', () => {
    const x = floats([0.5, 1]);
    const ones = floats([1, 1]);
    const before = memory().tensors;
    const [out, pullback] = vjp((v: Tensor) => sin(mul(v, v)), x);
    const [g] = pullback(ones);
    dispose([out, g]);
    expect(memory().tensors).toBeGreaterThan(before);
    pullback.dispose();
    expect(memory().tensors).toBe(before);
    expect(() => pullback(ones)).toThrow("vjp: argument 'vjpFn' was disposed; call vjp again");
  });
});
