import {
  add,
  argmax,
  cast,
  DTypeError,
  dispose,
  gather,
  keep,
  matmul,
  memory,
  mul,
  reshape,
  ShapeError,
  sum,
  type Tensor,
  tensor,
  ValueError,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { grad, valueAndGrad, vjp } from './index.js';
import { floats, testDType } from './testing/dtype.js';
import { values } from './testing/values.js';

describe('grad and valueAndGrad', () => {
  it('differentiates a scalar function: d/dx sum(x^2) = 2x', () => {
    const x = floats([1, -2, 3]);
    const [value, g] = valueAndGrad((v: Tensor) => sum(mul(v, v)))(x);
    expect(value.item()).toBe(14);
    assertTensorClose(g, [2, -4, 6], { shape: [3] });
  });

  it('takes argnums as a number or an array, negative counting from the end', () => {
    const f = (a: Tensor, b: Tensor) => sum(mul(mul(a, a), b));
    const a = floats([1, 2]);
    const b = floats([3, 4]);
    assertTensorClose(grad(f, { argnums: 1 })(a, b), [1, 4]);
    const [ga, gb] = grad(f, { argnums: [0, -1] })(a, b);
    assertTensorClose(ga, [6, 16]);
    assertTensorClose(gb, [1, 4]);
  });

  it('returns gradients in the structure of a parameter tree', () => {
    const params = {
      dense: { weight: floats([1, 2, 3, 4], [2, 2]), bias: floats([0.5, -0.5]) },
      scale: [floats([2])],
    };
    const x = floats([1, 1], [1, 2]);
    const loss = (p: typeof params, input: Tensor) =>
      sum(mul(add(matmul(input, p.dense.weight), p.dense.bias), p.scale[0]!));
    const g = grad(loss)(params, x);
    // d/dW sum(s * (x W + b)) = s * x^T 1, d/db = s, d/ds = sum(x W + b).
    assertTensorClose(g.dense.weight, [
      [2, 2],
      [2, 2],
    ]);
    assertTensorClose(g.dense.bias, [2, 2]);
    assertTensorClose(g.scale[0]!, [10]);
  });

  it('with hasAux differentiates the first output and passes aux through', () => {
    const x = floats([1, 2]);
    const f = (v: Tensor) => [sum(mul(v, 3)), { doubled: mul(v, 2) }] as const;
    const [[value, aux], g] = valueAndGrad(f, { hasAux: true })(x);
    expect(value.item()).toBe(9);
    assertTensorClose(aux.doubled, [2, 4]);
    assertTensorClose(g, [3, 3]);
    const [g2, aux2] = grad(f, { hasAux: true })(x);
    assertTensorClose(g2, [3, 3]);
    assertTensorClose(aux2.doubled, [2, 4]);
  });

  it('flows through reshapes, which share buffers without running a primitive', () => {
    const x = floats([1, 2, 3, 4]);
    const g = grad((v: Tensor) => sum(mul(reshape(v, [2, 2]), floats([1, 10], [1, 2]))))(x);
    assertTensorClose(g, [1, 10, 1, 10]);
  });

  it('accumulates a tensor used several times, also when passed twice', () => {
    const x = floats([3]);
    const f = (a: Tensor, b: Tensor) => sum(mul(mul(a, b), a));
    // Each argument is differentiated where it was passed: d/da a^2 b = 2ab, d/db = a^2.
    const [ga, gb] = grad(f, { argnums: [0, 1] })(x, x);
    assertTensorClose(ga, [18]);
    assertTensorClose(gb, [9]);
  });

  it('gives integer and boolean arguments a null gradient, never zeros', () => {
    const x = floats([1, 2, 3]);
    const index = tensor([2, 0], [2], 'int32');
    const [gx, gi] = grad((v: Tensor, i: Tensor) => sum(gather(v, i)), { argnums: [0, 1] })(
      x,
      index,
    );
    assertTensorClose(gx, [1, 0, 1]);
    expect(gi).toBeNull();
    const tree = grad((p: { w: Tensor; n: Tensor }) => sum(mul(p.w, cast(p.n, testDType()))))({
      w: floats([1, 2]),
      n: tensor([3, 4], [2], 'int32'),
    });
    assertTensorClose(tree.w, [3, 4]);
    expect(tree.n).toBeNull();
  });

  it('gives zeros to a float argument the value does not depend on (a true zero derivative)', () => {
    const g = grad((a: Tensor, _b: Tensor) => sum(a), { argnums: 1 })(floats([1]), floats([2, 3]));
    assertTensorClose(g, [0, 0]);
  });

  it('gives nothing through a piecewise-constant primitive', () => {
    const g = grad((v: Tensor) => sum(cast(argmax(v), testDType())))(floats([1, 3, 2]));
    assertTensorClose(g, [0, 0, 0]);
  });

  it('reports a non-scalar, non-float or malformed value naming the function and argument', () => {
    const x = floats([1, 2, 3]);
    expect(() => grad((v: Tensor) => mul(v, 2))(x)).toThrow(ShapeError);
    expect(() => grad((v: Tensor) => mul(v, 2))(x)).toThrow(
      "grad: argument 'f' must return a scalar, got shape [3]",
    );
    expect(() => valueAndGrad((v: Tensor) => mul(v, 2))(x)).toThrow(
      "valueAndGrad: argument 'f' must return a scalar, got shape [3]",
    );
    expect(() => grad((v: Tensor) => argmax(v))(x)).toThrow(DTypeError);
    expect(() => grad((v: Tensor) => [sum(v), v] as unknown as Tensor)(x)).toThrow(/hasAux/);
    expect(() => grad((v: Tensor) => sum(v), { argnums: 2 })(x)).toThrow(
      "grad: argument 'argnums' 2 is out of range: f was called with 1 argument(s)",
    );
    expect(() => grad((p: { w: unknown }) => sum(p.w as Tensor))({ w: 3 })).toThrow(
      "grad: argument 'args[0]' holds a number at w; differentiated arguments must be tensors or trees of tensors",
    );
    expect(() => grad(3 as never)).toThrow(ValueError);
  });

  it('frees every intermediate: afterwards only the value, the gradients and kept tensors remain', () => {
    const w = values([3, 4], 1);
    const b = values([4], 2);
    const x = values([5, 3], 3);
    let kept: Tensor | undefined;
    const loss = (p: { w: Tensor; b: Tensor }) => {
      const hidden = add(matmul(x, p.w), p.b);
      kept = keep(mul(hidden, 1));
      return sum(mul(hidden, hidden));
    };
    const before = memory().tensors;
    const [value, grads] = valueAndGrad(loss)({ w, b });
    // value + 2 gradients + the tensor the caller kept.
    expect(memory().tensors).toBe(before + 1 + 2 + 1);
    dispose([value, grads, kept]);
    expect(memory().tensors).toBe(before);
  });

  it('frees everything of a nested (second-order) differentiation too', () => {
    const x = values([3], 1);
    const before = memory().tensors;
    const [value, g] = valueAndGrad((v: Tensor) =>
      sum(grad((u: Tensor) => sum(mul(mul(u, u), u)))(v)),
    )(x);
    expect(memory().tensors).toBe(before + 2);
    dispose([value, g]);
  });
});

describe('vjp', () => {
  it('returns the output and a reusable pullback over trees of outputs', () => {
    const x = floats([1, 2]);
    const y = floats([3, 4]);
    const [out, pullback] = vjp(
      (a: Tensor, b: Tensor) => ({ product: mul(a, b), total: sum(a) }),
      x,
      y,
    );
    assertTensorClose(out.product, [3, 8]);
    const [gx, gy] = pullback({ product: floats([1, 10]), total: floats([100], []) });
    assertTensorClose(gx, [103, 140]);
    assertTensorClose(gy, [1, 20]);
    const [again] = pullback({ product: floats([1, 1]), total: floats([0], []) });
    assertTensorClose(again, [3, 4]);
    pullback.dispose();
    expect(() => pullback({ product: floats([1, 1]), total: floats([0], []) })).toThrow(/disposed/);
  });

  it('rejects a cotangent of the wrong shape, naming it', () => {
    const [, pullback] = vjp((a: Tensor) => mul(a, 2), floats([1, 2]));
    expect(() => pullback(floats([1, 2, 3]))).toThrow(
      "vjp: argument 'cotangent' has shape [3] at leaf 0 but the value there has shape [2]",
    );
    pullback.dispose();
  });
});
