import type { ElementwiseExpression } from '@gradkit/tensor';
import { larger, magnitude, type Operand, over, plus, root, times } from './expression.js';

// The Adam family's formulas, each written once as an elementwise expression: the transforms
// evaluate them in one fused pass per parameter (several outputs: the update or the new
// parameter, and every moment), and the tensor helpers in moments.ts run them too.
// Step-dependent numbers (bias corrections) are operands, so the compiled pass is reused.

type E = ElementwiseExpression;

/** decay·moment + (1 − decay)·value (Optax's `update_moment`). */
export function movingAverageOf(moment: E, value: E, decay: number, complement = 1 - decay): E {
  return plus(times(moment, decay), times(value, complement));
}

/** max(decay·moment, |value| + eps) (Optax's `update_infinity_moment`, Adamax's u). */
export function infinityMomentOf(moment: E, value: E, decay: number, eps: number): E {
  return larger(times(moment, decay), plus(magnitude(value), eps));
}

/**
 * The bias-corrected first moment m/(1−b1ᵗ); with Nesterov momentum (Dozat 2016, as
 * Optax) b1·m/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ). The corrections are operands.
 */
export function firstMomentHatOf(
  m: E,
  g: E,
  b1: number,
  correction1: Operand,
  nesterovCorrection?: Operand,
): E {
  if (nesterovCorrection === undefined) return over(m, correction1);
  return plus(over(times(m, b1), nesterovCorrection), over(times(g, 1 - b1), correction1));
}

/** Adam's direction m̂ / (√(v̂ + epsRoot) + eps). */
export function adamDirectionOf(mHat: E, vHat: E, eps: Operand, epsRoot: Operand): E {
  return over(mHat, plus(root(plus(vHat, epsRoot)), eps));
}

/** `update` times `scale`, left out when scale is 1 (a multiplication by 1 changes nothing). */
export function scaled(update: E, scale: number): E {
  return scale === 1 ? update : times(update, scale);
}
