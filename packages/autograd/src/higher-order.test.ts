import {
  abs,
  exp,
  logSumExp,
  max,
  maximum,
  maxPool2d,
  mul,
  prod,
  relu,
  sin,
  softmax,
  sum,
  type Tensor,
  tanh,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, it } from 'vitest';
import { checkGrads, grad, hvp, jacobian, jvp } from './index.js';
import { floats, tolerance } from './testing/dtype.js';
import { values } from './testing/values.js';

const cube = (x: Tensor) => sum(mul(mul(x, x), x));

describe('higher-order derivatives', () => {
  it('grad of grad of grad of x^3 gives 3x^2, 6x, 6', () => {
    const x = floats([2, -1]);
    const first = (v: Tensor) => grad(cube)(v);
    const second = (v: Tensor) => grad((u: Tensor) => sum(first(u)))(v);
    const third = (v: Tensor) => grad((u: Tensor) => sum(second(u)))(v);
    assertTensorClose(first(x), [12, 3]);
    assertTensorClose(second(x), [12, -6]);
    assertTensorClose(third(x), [6, 6]);
  });

  it('third derivative of sin(x) * exp(x) matches its closed form 2e^x (cos x - sin x)', () => {
    const f = (v: Tensor) => sum(mul(sin(v), exp(v)));
    const d = (g: (v: Tensor) => Tensor) => (v: Tensor) => sum(grad(g)(v));
    const x = floats([0.3, 1.1]);
    const third = grad(d(d(f)))(x);
    const expected = [0.3, 1.1].map((v) => 2 * Math.exp(v) * (Math.cos(v) - Math.sin(v)));
    assertTensorClose(third, expected, tolerance({ rtol: 1e-12, atol: 1e-12 }));
  });

  it('checkGrads confirms third-order derivatives of composed ops', () => {
    checkGrads((x: Tensor) => logSumExp(mul(tanh(x), x), -1), [values([2, 4], 1)], { order: 3 });
    checkGrads((x: Tensor) => softmax(x), [values([3, 3], 2)], { order: 3 });
  });

  it('hvp equals the Hessian times v: for sum(x^3), H = diag(6x)', () => {
    const x = floats([1, 2, -3]);
    const v = floats([1, 0.5, 2]);
    assertTensorClose(hvp(cube, x, v), [6, 6, -36]);
  });

  it('hvp works on parameter trees', () => {
    const f = (p: { a: Tensor; b: Tensor }) => sum(mul(mul(p.a, p.a), p.b));
    const x = { a: floats([1, 2]), b: floats([3, 4]) };
    const v = { a: floats([1, 1]), b: floats([1, 0]) };
    // H = [[2b, 2a], [2a, 0]] per element: Hv.a = 2b va + 2a vb, Hv.b = 2a va.
    const result = hvp(f, x, v);
    assertTensorClose(result.a, [2 * 3 + 2 * 1, 2 * 4]);
    assertTensorClose(result.b, [2, 4]);
  });

  it('jacobian of an elementwise function is diagonal; of a gradient it is the Hessian', () => {
    const x = floats([1, 2, 3]);
    assertTensorClose(
      jacobian((v: Tensor) => mul(v, v))(x),
      [
        [2, 0, 0],
        [0, 4, 0],
        [0, 0, 6],
      ],
      {
        shape: [3, 3],
      },
    );
    const gradient = grad(cube);
    const hessian = jacobian(gradient)(x);
    assertTensorClose(hessian, [
      [6, 0, 0],
      [0, 12, 0],
      [0, 0, 18],
    ]);
  });

  it('jacobian of softmax is diag(s) - s s^T', () => {
    const x = floats([0.5, -1, 2]);
    const s = softmax(x).toArray() as number[];
    const expected = s.map((si, i) => s.map((sj, j) => (i === j ? si : 0) - si * sj));
    assertTensorClose(
      jacobian((v: Tensor) => softmax(v))(x),
      expected,
      tolerance({ rtol: 1e-12, atol: 1e-14 }),
    );
  });

  it('jvp agrees with the Jacobian times the tangent', () => {
    const f = (a: Tensor, b: Tensor) => mul(sin(a), b);
    const a = floats([0.2, 0.7]);
    const b = floats([1.5, -2]);
    const [out, tangent] = jvp(f, [a, b], [floats([1, 0]), floats([0, 1])]);
    assertTensorClose(out, [Math.sin(0.2) * 1.5, -2 * Math.sin(0.7)]);
    // d/dt sin(a + t e0) b + sin(a) (b + t e1) = [cos(0.2) * 1.5, sin(0.7)].
    assertTensorClose(
      tangent,
      [Math.cos(0.2) * 1.5, Math.sin(0.7)],
      tolerance({ rtol: 1e-12, atol: 1e-12 }),
    );
  });

  it('jvp of a function of a tree returning a tree', () => {
    const f = (p: { x: Tensor }) => ({ y: mul(p.x, p.x), z: [sum(p.x)] });
    const [, tangent] = jvp(f, [{ x: floats([1, 2]) }], [{ x: floats([1, 1]) }]);
    assertTensorClose(tangent.y, [2, 4]);
    assertTensorClose(tangent.z[0]!, [2], { shape: [] });
  });
});

describe('non-differentiable points follow PyTorch', () => {
  it("relu'(0) = 0 and abs'(0) = 0", () => {
    const x = floats([-1, 0, 2]);
    assertTensorClose(grad((v: Tensor) => sum(relu(v)))(x), [0, 0, 1]);
    assertTensorClose(grad((v: Tensor) => sum(abs(v)))(x), [-1, 0, 1]);
  });

  it('maximum splits the gradient 0.5/0.5 on ties', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(maximum(a, b)), { argnums: [0, 1] })(
      floats([1, 2, 3]),
      floats([1, 5, 0]),
    );
    assertTensorClose(ga, [0.5, 0, 1]);
    assertTensorClose(gb, [0.5, 1, 0]);
  });

  it('max reductions share the gradient evenly among ties (torch.amax)', () => {
    const g = grad((v: Tensor) => sum(max(v, 1)))(floats([3, 1, 3, 2, 2, 2], [2, 3]));
    assertTensorClose(g, [
      [0.5, 0, 0.5],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
  });

  it('prod with zeros: one zero gets the product of the rest, two zeros give zeros', () => {
    const dprod = grad((v: Tensor) => sum(prod(v, 1)));
    assertTensorClose(dprod(floats([2, 3, 4, 2, 0, 3, 0, 2, 0], [3, 3])), [
      [12, 8, 6],
      [0, 6, 0],
      [0, 0, 0],
    ]);
  });

  it('maxPool2d routes a tied window to its first maximum, as PyTorch', () => {
    const x = floats([1, 1, 1, 1], [1, 1, 2, 2]);
    const g = grad((v: Tensor) => sum(maxPool2d(v, { kernelSize: 2 })))(x);
    assertTensorClose(g, [
      [
        [
          [1, 0],
          [0, 0],
        ],
      ],
    ]);
  });
});
