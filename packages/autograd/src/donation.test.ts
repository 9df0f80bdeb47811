import { add, donate, exp, mul, sum, type Tensor, tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { grad } from './value-and-grad.js';

const X = [-1, 0, 0.5, 2];

describe('donation under the tape', () => {
  it('copies a tensor donated while the tape records: the tape keeps what it saw', () => {
    // exp's gradient reads exp's output; writing 3·exp(x) over it would give 9·exp(x).
    const f = (x: Tensor) => sum(mul(donate(exp(x)), 3));
    const g = grad(f)(tensor(X));
    assertTensorClose(
      g as Tensor,
      X.map((v) => 3 * Math.exp(v)),
    );
  });

  it('writes in place once the tape has let go of a parameter', () => {
    const x = tensor(X);
    const g = grad((p: Tensor) => sum(mul(p, p)))(x) as Tensor;
    assertTensorClose(
      g,
      X.map((v) => 2 * v),
    );
    const next = add(donate(x), 1);
    assertTensorClose(
      next,
      X.map((v) => v + 1),
    );
    expect(x.isDisposed).toBe(true);
    assertTensorClose(
      g,
      X.map((v) => 2 * v),
    );
  });
});
