// The first links of every optimizer's chain: maximize flips the gradient's sign, coupled
// weight decay adds λθ to it. Each is run as a transform on its own, against the formula.
import type { GradientTransformation } from '@gradkit/optim';
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { coupledWeightDecay, maximizeStep } from './common.js';

const values = (t: Tensor) => Array.from(t.dataSync());

/** The update `transform` makes of `grad` at `param`, from a fresh state. */
function updateOf(
  // biome-ignore lint/suspicious/noExplicitAny: any transform's state.
  transform: GradientTransformation<any>,
  grad: Tensor,
  param: Tensor,
): number[] {
  const [update] = transform.update(grad, transform.init(param), param);
  return values(update as Tensor);
}

describe('maximizeStep', () => {
  it('negates the gradient when maximizing', () => {
    expect(updateOf(maximizeStep(true), tensor([1.5, -2, 0]), tensor([9, 9, 9]))).toEqual([
      -1.5, 2, -0,
    ]);
  });

  it('leaves the gradient as it is otherwise', () => {
    expect(updateOf(maximizeStep(false), tensor([1.5, -2, 0]), tensor([9, 9, 9]))).toEqual([
      1.5, -2, 0,
    ]);
  });
});

describe('coupledWeightDecay', () => {
  it('adds λθ to the gradient', () => {
    // g + 0.1·θ = [1 + 0.2, −1 − 0.4, 0 + 0.05].
    const got = updateOf(coupledWeightDecay(0.1), tensor([1, -1, 0]), tensor([2, -4, 0.5]));
    const want = [1.2, -1.4, 0.05];
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 6);
    });
  });

  it('changes nothing with λ = 0', () => {
    expect(updateOf(coupledWeightDecay(0), tensor([1, -1]), tensor([2, -4]))).toEqual([1, -1]);
  });
});
