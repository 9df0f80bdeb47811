import {
  add,
  exp,
  log1p,
  memory,
  mul,
  round,
  sigmoid,
  sub,
  sum,
  type Tensor,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { checkGrads, customVjp, grad, stopGradient } from './index.js';
import { floats } from './testing/dtype.js';
import { values } from './testing/values.js';

describe('stopGradient', () => {
  it('makes its result a constant: d/dx [x * stop(x)] = stop(x)', () => {
    const g = grad((x: Tensor) => sum(mul(x, stopGradient(x))))(floats([2, 3]));
    assertTensorClose(g, [2, 3]);
  });

  it('gives a straight-through estimator: round forward, identity backward', () => {
    const ste = (x: Tensor) => add(x, stopGradient(sub(round(x), x)));
    const x = floats([0.2, 1.7]);
    assertTensorClose(ste(x), [0, 2]);
    assertTensorClose(grad((v: Tensor) => sum(ste(v)))(x), [1, 1]);
  });

  it('works on trees and outside differentiation returns the same values', () => {
    const tree = stopGradient({ a: floats([1]), n: 3 });
    assertTensorClose(tree.a, [1]);
    expect(tree.n).toBe(3);
  });
});

describe('customVjp', () => {
  // The gradient of softplus, sigmoid(x), written by hand.
  const softplus = customVjp((x: Tensor) => log1p(exp(x)), {
    forward: (x: Tensor) => [log1p(exp(x)), x] as const,
    backward: (x: Tensor, g: Tensor) => [mul(g, sigmoid(x))],
  });

  it('uses the hand-written backward, and checkGrads confirms it to second order', () => {
    const x = floats([-1, 0, 2]);
    assertTensorClose(
      grad((v: Tensor) => sum(softplus(v)))(x),
      [-1, 0, 2].map((v) => 1 / (1 + Math.exp(-v))),
    );
    // The residual is x itself, so backward differentiates again (grad of grad is sigmoid').
    checkGrads(softplus, [values([4], 1)], { order: 2 });
  });

  it('replaces the recorded forward ops by its backward', () => {
    let backwardCalls = 0;
    const scaled = customVjp((x: Tensor) => mul(x, 2), {
      forward: (x: Tensor) => [mul(x, 2), null] as const,
      backward: (_r: null, g: Tensor) => {
        backwardCalls++;
        return [mul(g, 100)];
      },
    });
    assertTensorClose(scaled(floats([1])), [2]);
    assertTensorClose(grad((v: Tensor) => sum(scaled(v)))(floats([1, 2])), [100, 100]);
    expect(backwardCalls).toBe(1);
  });

  it('releases its residuals when the backward pass ends', () => {
    const x = floats([0.5, 1]);
    const before = memory().tensors;
    const g = grad((v: Tensor) => sum(softplus(v)))(x);
    expect(memory().tensors).toBe(before + 1);
    g.dispose();
  });

  it('reports a backward that returns the wrong number of gradients', () => {
    const broken = customVjp((a: Tensor, b: Tensor) => mul(a, b), {
      forward: (a: Tensor, b: Tensor) => [mul(a, b), null] as const,
      backward: (_r: null, g: Tensor) => [g],
    });
    expect(() => grad((a: Tensor) => sum(broken(a, a)))(floats([1]))).toThrow(
      "customVjp: argument 'backward' must return one gradient (or null) per argument: 2",
    );
  });
});
