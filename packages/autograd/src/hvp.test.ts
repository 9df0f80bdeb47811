// hvp's direction must match the point: same tree structure, same shape at every leaf.
import { mul, ShapeError, sum, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { hvp } from './index.js';

const square = (x: Tensor) => sum(mul(x, x));

describe('hvp direction checks', () => {
  it('refuses a direction of another shape, naming v and both shapes', () => {
    expect(() => hvp(square, tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => hvp(square, tensor([1, 2]), tensor([1, 2, 3]))).toThrow(
      "hvp: argument 'v' has shape [3] at leaf 0 but the value there has shape [2]",
    );
    // [1] would broadcast against [2] in the dot product: refused too.
    expect(() => hvp(square, tensor([1, 2]), tensor([1]))).toThrow(/argument 'v' has shape \[1\]/);
  });

  it('refuses a direction tree of another structure or with non-tensor leaves', () => {
    const f = (p: { a: Tensor; b: Tensor }) => sum(mul(p.a, p.b));
    const x = { a: tensor([1, 2]), b: tensor([3, 4]) };
    expect(() => hvp(f, x, { a: tensor([1, 1]) } as never)).toThrow(
      "hvp: argument 'v' must have the same tree structure",
    );
    expect(() => hvp(f, x, { a: tensor([1, 1]), b: 2 } as never)).toThrow(ValueError);
  });

  it('a matching direction gives H·v (for sum(x²), H = 2I)', () => {
    assertTensorClose(hvp(square, tensor([1, 2]), tensor([0.5, -1])), [1, -2]);
  });
});
