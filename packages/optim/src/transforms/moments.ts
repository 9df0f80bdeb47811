import { div, fusedElementwise, type Tensor } from '@gradkit/tensor';
import { firstMomentHatOf, infinityMomentOf, movingAverageOf } from './adam-formulas.js';
import { input } from './expression.js';

// The formulas of adam-formulas.ts on tensors, for people who write transforms: each one
// fused pass where the backend fuses, composed tensor ops elsewhere (and under autograd).

/**
 * One step of an exponential moving average (Optax's `update_moment`):
 * decay·moment + (1 − decay)·value. Pass `value` squared for a second moment.
 *
 * @example
 * ```ts
 * import { updateMoment } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const m = updateMoment(tensor([0, 0]), tensor([1, -2]), 0.9); // [0.1, -0.2]
 * ```
 */
export function updateMoment(moment: Tensor, value: Tensor, decay: number): Tensor {
  return fusedElementwise(movingAverageOf(input(0), input(1), decay), [moment, value]);
}

/**
 * One step of an infinity-norm moment (Optax's `update_infinity_moment`, Adamax's u):
 * max(decay·moment, |value| + eps).
 *
 * @example
 * ```ts
 * import { updateInfinityMoment } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const u = updateInfinityMoment(tensor([1, 1]), tensor([0.5, -3]), 0.999); // [0.999, 3]
 * ```
 */
export function updateInfinityMoment(
  moment: Tensor,
  value: Tensor,
  decay: number,
  eps = 0,
): Tensor {
  return fusedElementwise(infinityMomentOf(input(0), input(1), decay, eps), [moment, value]);
}

/**
 * A moving average with its bias towards the zero start removed (Optax's
 * `bias_correction`): moment/(1 − decayᶜᵒᵘⁿᵗ), `count` the number of updates so far (≥ 1).
 *
 * @example
 * ```ts
 * import { biasCorrection, updateMoment } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const m = updateMoment(tensor([0]), tensor([2]), 0.9); // [0.2]
 * const mHat = biasCorrection(m, 0.9, 1); // [2]: the first gradient itself
 * ```
 */
export function biasCorrection(moment: Tensor, decay: number, count: number): Tensor {
  return div(moment, 1 - decay ** count);
}

/**
 * The bias-corrected first moment at step `count`; with Nesterov momentum (Dozat 2016, as
 * Optax) b1·m/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ).
 *
 * @example
 * ```ts
 * import { firstMomentHat } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const mHat = firstMomentHat(tensor([0.1]), tensor([1]), 0.9, 1, true);
 * ```
 */
export function firstMomentHat(
  m: Tensor,
  g: Tensor,
  b1: number,
  count: number,
  nesterov: boolean,
): Tensor {
  if (!nesterov) return biasCorrection(m, b1, count);
  const tree = firstMomentHatOf(input(0), input(1), b1, 1 - b1 ** count, 1 - b1 ** (count + 1));
  return fusedElementwise(tree, [m, g]);
}
