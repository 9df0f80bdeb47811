// Tensor.clone is recorded on the tape: gradients flow through the copy to the original.
import { mul, sum, type Tensor, tensor } from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, it } from 'vitest';
import { grad } from './index.js';

describe('clone under autograd', () => {
  it('passes gradients through: d/dx sum(clone(x) · x) = 2x', () => {
    const f = (x: Tensor) => sum(mul(x.clone(), x));
    assertTensorClose(grad(f)(tensor([1, -2, 3])), [2, -4, 6]);
  });

  it('second derivatives go through it too: d²/dx² sum(clone(x)³) = 6x', () => {
    const cube = (x: Tensor) => {
      const c = x.clone();
      return sum(mul(mul(c, c), c));
    };
    const second = grad((x: Tensor) => sum(grad(cube)(x)));
    assertTensorClose(second(tensor([1, 2])), [6, 12]);
  });
});
