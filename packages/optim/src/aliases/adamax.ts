import { chain } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { type ScaleByAdamaxOptions, scaleByAdamax } from '../transforms/scale-by-adamax.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import type { ScalarOrSchedule } from '../types.js';
import type { DecoupledWeightDecayOptions } from './adam.js';

/** Adamax: w ← w − η·m/((1−b1ᵗ)·u∞), u∞ ← max(b2·u∞, |g| + eps). */
export function adamax(learningRate: ScalarOrSchedule, options: ScaleByAdamaxOptions = {}) {
  return chain(scaleByAdamax(options), scaleByLearningRate(learningRate));
}

/** Adamax with decoupled weight decay: w ← w − η·(m/((1−b1ᵗ)·u∞) + λ·w). */
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
