import { chain } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import type { Mask } from '../transforms/mask.js';
import { type ScaleByAdadeltaOptions, scaleByAdadelta } from '../transforms/scale-by-adadelta.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import type { ScalarOrSchedule } from '../types.js';

export interface AdadeltaOptions extends ScaleByAdadeltaOptions {
  /** Coupled (L2) weight decay added to the gradient first, as PyTorch; default 0. */
  readonly weightDecay?: number;
  readonly weightDecayMask?: Mask;
}

/**
 * Adadelta (Zeiler 2012): g ← g + λ·w, then `scaleByAdadelta`, w ← w − η·u. Optax's learning
 * rate is optional; here it defaults to 1 (PyTorch's default), which keeps descent's sign.
 *
 * @example
 * ```ts
 * import { applyUpdates, adadelta } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adadelta(1, { rho: 0.9 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adadelta(learningRate: ScalarOrSchedule = 1, options: AdadeltaOptions = {}) {
  const { weightDecay = 0, weightDecayMask, ...rest } = options;
  return chain(
    addDecayedWeights({ weightDecay, mask: weightDecayMask }),
    scaleByAdadelta(rest),
    scaleByLearningRate(learningRate),
  );
}
