import { add, div, mul, type Tensor } from '@gradkit/tensor';

/** decay·moment + (1 − decay)·value: an exponential moving average step. */
export function updateMoment(moment: Tensor, value: Tensor, decay: number): Tensor {
  return add(mul(moment, decay), mul(value, 1 - decay));
}

/**
 * The bias-corrected first moment at step `count`; with Nesterov momentum (Dozat 2016, as
 * Optax) b1·m/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ).
 */
export function firstMomentHat(
  m: Tensor,
  g: Tensor,
  b1: number,
  count: number,
  nesterov: boolean,
): Tensor {
  if (!nesterov) return div(m, 1 - b1 ** count);
  return add(div(mul(m, b1), 1 - b1 ** (count + 1)), div(mul(g, 1 - b1), 1 - b1 ** count));
}
