import { chain } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import type { Mask } from '../transforms/mask.js';
import { type ScaleByAdamOptions, scaleByAdam } from '../transforms/scale-by-adam.js';
import { type ScaleByBeliefOptions, scaleByBelief } from '../transforms/scale-by-belief.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { type ScaleByLionOptions, scaleByLion } from '../transforms/scale-by-lion.js';
import { type ScaleByNovogradOptions, scaleByNovograd } from '../transforms/scale-by-novograd.js';
import { type ScaleByRadamOptions, scaleByRadam } from '../transforms/scale-by-radam.js';
import { scaleByTrustRatio } from '../transforms/scale-by-trust-ratio.js';
import { type ScaleByYogiOptions, scaleByYogi } from '../transforms/scale-by-yogi.js';
import type { ScalarOrSchedule } from '../types.js';

/**
 * RAdam (Liu et al. 2019): w ← w − η·r·m̂/(√v̂ + eps) once the SMA length ρ ≥ threshold,
 * w ← w − η·m̂ before. torch.optim.RAdam is `{ variant: 'pytorch' }` (eps placement).
 *
 * @example
 * ```ts
 * import { applyUpdates, radam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = radam(1e-3);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function radam(learningRate: ScalarOrSchedule, options: ScaleByRadamOptions = {}) {
  return chain(scaleByRadam(options), scaleByLearningRate(learningRate));
}

/**
 * AdaBelief (Zhuang et al. 2020): w ← w − η·m̂/(√ŝ + eps), s the EMA of (g − m)².
 *
 * @example
 * ```ts
 * import { applyUpdates, adabelief } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adabelief(1e-3);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adabelief(learningRate: ScalarOrSchedule, options: ScaleByBeliefOptions = {}) {
  return chain(scaleByBelief(options), scaleByLearningRate(learningRate));
}

/**
 * Yogi (Zaheer et al. 2018): v ← v − (1−b2)·sign(v − g²)·g², w ← w − η·m̂/(√v̂ + eps).
 *
 * @example
 * ```ts
 * import { applyUpdates, yogi } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = yogi(1e-2);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function yogi(learningRate: ScalarOrSchedule, options: ScaleByYogiOptions = {}) {
  return chain(scaleByYogi(options), scaleByLearningRate(learningRate));
}

/**
 * NovoGrad (Ginsburg et al. 2019): layer-wise second moment, w ← w − η·m. Default eps 1e-6.
 *
 * @example
 * ```ts
 * import { applyUpdates, novograd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = novograd(1e-3);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function novograd(learningRate: ScalarOrSchedule, options: ScaleByNovogradOptions = {}) {
  return chain(
    scaleByNovograd({ ...options, eps: options.eps ?? 1e-6 }),
    scaleByLearningRate(learningRate),
  );
}

export interface WeightDecayMaskOptions {
  readonly weightDecay?: number;
  readonly mask?: Mask;
}

/**
 * Lion (Chen et al. 2023): w ← w − η·(sign(b1·m + (1−b1)·g) + λ·w), m ← b2·m + (1−b2)·g.
 * Default weight decay 1e-3.
 *
 * @example
 * ```ts
 * import { applyUpdates, lion } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = lion(1e-4);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function lion(
  learningRate: ScalarOrSchedule,
  options: ScaleByLionOptions & WeightDecayMaskOptions = {},
) {
  return chain(
    scaleByLion(options),
    addDecayedWeights({ weightDecay: options.weightDecay ?? 1e-3, mask: options.mask }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * LAMB (You et al. 2019): a = m̂/(√v̂ + eps) + λ·w, w ← w − η·(‖w‖/‖a‖)·a per leaf.
 * Defaults eps 1e-6, weight decay 0.
 *
 * @example
 * ```ts
 * import { applyUpdates, lamb } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = lamb(1e-3, { weightDecay: 0.01 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function lamb(
  learningRate: ScalarOrSchedule,
  options: Omit<ScaleByAdamOptions, 'nesterov' | 'lazy'> & WeightDecayMaskOptions = {},
) {
  return chain(
    scaleByAdam({ ...options, eps: options.eps ?? 1e-6 }),
    addDecayedWeights({ weightDecay: options.weightDecay ?? 0, mask: options.mask }),
    scaleByTrustRatio(),
    scaleByLearningRate(learningRate),
  );
}
