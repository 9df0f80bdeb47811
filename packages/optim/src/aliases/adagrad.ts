import { chain } from '../base.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { type ScaleByRssOptions, scaleByRss } from '../transforms/scale-by-rss.js';
import type { ScalarOrSchedule } from '../types.js';
import { nonNegative, valueAt } from '../validate.js';

export interface AdagradOptions extends ScaleByRssOptions {
  /**
   * PyTorch's `lr_decay`: the step size at count c (from 0) is η/(1 + c·learningRateDecay);
   * default 0.
   */
  readonly learningRateDecay?: number;
}

/**
 * Adagrad: s ← s + g², w ← w − η·g/√(s + eps). Optax defaults (initial 0.1, eps 1e-7 inside
 * the root); torch.optim.Adagrad is `{ initialAccumulatorValue: 0, eps: 1e-10,
 * epsInSqrt: false, learningRateDecay }`.
 *
 * @example
 * ```ts
 * import { applyUpdates, adagrad } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adagrad(0.1);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adagrad(learningRate: ScalarOrSchedule, options: AdagradOptions = {}) {
  const { learningRateDecay = 0, ...rss } = options;
  nonNegative('adagrad', 'learningRateDecay', learningRateDecay);
  const rate =
    learningRateDecay === 0
      ? learningRate
      : (count: number) => valueAt(learningRate, count) / (1 + count * learningRateDecay);
  return chain(scaleByRss(rss), scaleByLearningRate(rate));
}
