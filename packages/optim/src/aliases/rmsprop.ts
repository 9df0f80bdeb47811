import { chain, identity } from '../base.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { type ScaleByRmsOptions, scaleByRms, scaleByStddev } from '../transforms/scale-by-rms.js';
import { trace } from '../transforms/trace.js';
import type { ScalarOrSchedule } from '../types.js';

export interface RmspropOptions extends ScaleByRmsOptions {
  /** Use the variance (ν − μ²) instead of the second moment; default false. */
  readonly centered?: boolean;
  /** Momentum decay applied after the learning rate; none by default. */
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

/**
 * RMSProp: w ← w − η·g/√(ν + eps) (centered: √(ν − μ² + eps)), then optional momentum on the
 * scaled step. PyTorch's RMSprop is `{ decay: alpha, epsInSqrt: false }` (its alpha default is
 * 0.99, Optax's decay 0.9).
 *
 * @example
 * ```ts
 * import { applyUpdates, rmsprop } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = rmsprop(1e-3, { decay: 0.9 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function rmsprop(learningRate: ScalarOrSchedule, options: RmspropOptions = {}) {
  const { centered, momentum, nesterov, ...rms } = options;
  return chain(
    centered ? scaleByStddev(rms) : scaleByRms(rms),
    scaleByLearningRate(learningRate),
    momentum === undefined ? identity() : trace(momentum, { nesterov: nesterov ?? false }),
  );
}
