import { chain } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { type ScaleByAdamaxOptions, scaleByAdamax } from '../transforms/scale-by-adamax.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import type { ScalarOrSchedule } from '../types.js';
import type { DecoupledWeightDecayOptions } from './adam.js';

/**
 * Adamax: w ← w − η·m/((1−b1ᵗ)·u∞), u∞ ← max(b2·u∞, |g| + eps).
 *
 * @example
 * ```ts
 * import { applyUpdates, adamax } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adamax(2e-3);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adamax(learningRate: ScalarOrSchedule, options: ScaleByAdamaxOptions = {}) {
  return chain(scaleByAdamax(options), scaleByLearningRate(learningRate));
}

/**
 * Adamax with decoupled weight decay: w ← w − η·(m/((1−b1ᵗ)·u∞) + λ·w).
 *
 * @example
 * ```ts
 * import { applyUpdates, adamaxw } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adamaxw(2e-3, { weightDecay: 1e-4 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adamaxw(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamaxOptions & DecoupledWeightDecayOptions = {},
) {
  return chain(
    scaleByAdamax(options),
    addDecayedWeights({ weightDecay: options.weightDecay ?? 1e-4, mask: options.mask }),
    scaleByLearningRate(learningRate),
  );
}
