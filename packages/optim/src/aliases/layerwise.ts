import { chain } from '../base.js';
import { addDecayedWeights, addScaledParams } from '../transforms/add-decayed-weights.js';
import type { Mask } from '../transforms/mask.js';
import { masked } from '../transforms/masked.js';
import { scale } from '../transforms/scale.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { type ScaleByRpropOptions, scaleByRprop } from '../transforms/scale-by-rprop.js';
import { scaleByTrustRatio } from '../transforms/scale-by-trust-ratio.js';
import { trace } from '../transforms/trace.js';
import type { ScalarOrSchedule } from '../types.js';
import { finite } from '../validate.js';

export interface LarsOptions {
  /** Default 0. */
  readonly weightDecay?: number;
  readonly weightDecayMask?: Mask;
  /** Default 0.001. */
  readonly trustCoefficient?: number;
  /** Default 0. */
  readonly eps?: number;
  readonly trustRatioMask?: Mask;
  /** Default 0.9. */
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

/**
 * LARS (You et al. 2017): a = g + λ·w, a ← c·‖w‖/(‖a‖ + eps)·a per leaf, then momentum on
 * −η·a. `chain(addDecayedWeights, masked(scaleByTrustRatio), scaleByLearningRate, trace)`.
 *
 * @example
 * ```ts
 * import { applyUpdates, lars } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = lars(0.1);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function lars(learningRate: ScalarOrSchedule, options: LarsOptions = {}) {
  return chain(
    addDecayedWeights({ weightDecay: options.weightDecay ?? 0, mask: options.weightDecayMask }),
    masked(
      scaleByTrustRatio({
        trustCoefficient: options.trustCoefficient ?? 0.001,
        eps: options.eps ?? 0,
      }),
      options.trustRatioMask ?? true,
    ),
    scaleByLearningRate(learningRate),
    trace(options.momentum ?? 0.9, { nesterov: options.nesterov ?? false }),
  );
}

/**
 * Fromage (Bernstein et al. 2020): with k = 1/√(1 + η²),
 * w ← k·(w − η·(max(‖w‖, minNorm)/max(‖g‖, minNorm))·g) per leaf. `learningRate` is a number.
 *
 * @example
 * ```ts
 * import { applyUpdates, fromage } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = fromage(1e-2);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function fromage(learningRate: number, options: { readonly minNorm?: number } = {}) {
  finite('fromage', 'learningRate', learningRate);
  const multiplier = 1 / Math.sqrt(1 + learningRate ** 2);
  return chain(
    scaleByTrustRatio({ minNorm: options.minNorm ?? 1e-6 }),
    scaleByLearningRate(learningRate * multiplier),
    addScaledParams(multiplier - 1, 'fromage'),
  );
}

/**
 * Rprop (Riedmiller & Braun 1993): w ← w − Δ·sign(g) with per-element adaptive steps Δ.
 *
 * @example
 * ```ts
 * import { applyUpdates, rprop } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = rprop(1e-2);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function rprop(learningRate: number, options: ScaleByRpropOptions = {}) {
  return chain(scaleByRprop(learningRate, options), scale(-1));
}
