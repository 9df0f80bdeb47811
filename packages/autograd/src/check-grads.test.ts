import { exp, mul, sum, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { checkGrads, customVjp } from './index.js';
import { floats, testDType } from './testing/dtype.js';

describe('checkGrads', () => {
  it('passes correct gradients of float32 inputs, checked in float64 where the backend has it', () => {
    checkGrads((x: Tensor, y: Tensor) => mul(exp(x), y), [tensor([0.1, 0.2]), tensor([1, 2])]);
  });

  it('names the dtype it checks in: float64 where the backend stores it, else float32', () => {
    const wrong = customVjp((x: Tensor) => mul(x, 2), {
      forward: (x: Tensor) => [mul(x, 2), null] as const,
      backward: (_r: null, g: Tensor) => [mul(g, 3)],
    });
    expect(() => checkGrads(wrong, [tensor([1])])).toThrow(
      `by central differences (${testDType()}, eps ${testDType() === 'float64' ? 1e-6 : 1e-2})`,
    );
  });

  it('throws a readable error naming the function, the argument and the element', () => {
    // Off by a factor of 2 in the second argument's gradient.
    const wrongProduct = customVjp((a: Tensor, b: Tensor) => mul(a, b), {
      forward: (a: Tensor, b: Tensor) => [mul(a, b), [a, b]] as const,
      backward: ([a, b]: readonly [Tensor, Tensor], g: Tensor) => [mul(g, b), mul(mul(g, a), 2)],
    });
    expect(() =>
      checkGrads(wrongProduct, [floats([1, 2], [1, 2]), floats([3, 4], [1, 2])]),
    ).toThrow(
      /^checkGrads: the gradient of f with respect to args\[1\] at \[0, 0\] is -?[\d.]+ by reverse mode but -?[\d.]+ by central differences/,
    );
    function weightedLoss(a: Tensor, b: Tensor) {
      return sum(wrongProduct(a, b));
    }
    expect(() => checkGrads(weightedLoss, [floats([1]), floats([3])])).toThrow(
      /the gradient of weightedLoss with respect to args\[1\] at \[0\]/,
    );
  });

  it('finds a wrong second derivative with order 2 that order 1 accepts', () => {
    // Correct first derivative (2x), but the backward hides its dependence on x from the
    // second derivative by using a constant copy.
    const square = customVjp((x: Tensor) => mul(x, x), {
      forward: (x: Tensor) => [mul(x, x), mul(x, 2)] as const,
      backward: (twiceX: Tensor, g: Tensor) => [mul(g, twiceX)],
    });
    const args = [floats([0.5, 1.5])];
    expect(() => checkGrads(square, args)).not.toThrow();
    expect(() => checkGrads(square, args, { order: 2 })).toThrow(/derivative of order 2/);
  });

  it('validates its options and arguments', () => {
    expect(() => checkGrads((x: Tensor) => x, [floats([1])], { order: 0 })).toThrow(ValueError);
    expect(() => checkGrads((x: Tensor) => x, [tensor([1], [1], 'int32')])).toThrow(
      "checkGrads: argument 'args' holds no floating-point tensor to differentiate",
    );
  });
});
