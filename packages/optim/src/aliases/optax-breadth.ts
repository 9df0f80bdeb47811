import { chain } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { ema } from '../transforms/ema.js';
import { scale } from '../transforms/scale.js';
import { type ScaleByAdamOptions, scaleByAdam } from '../transforms/scale-by-adam.js';
import { type ScaleByAdanOptions, scaleByAdan } from '../transforms/scale-by-adan.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import {
  type ScaleByOptimisticGradientOptions,
  scaleByOptimisticGradient,
} from '../transforms/scale-by-optimistic-gradient.js';
import { type ScaleByPolyakOptions, scaleByPolyak } from '../transforms/scale-by-polyak.js';
import { scaleBySign } from '../transforms/scale-by-sign.js';
import { scaleBySm3 } from '../transforms/scale-by-sm3.js';
import type { ScalarOrSchedule } from '../types.js';
import { finite } from '../validate.js';
import type { WeightDecayMaskOptions } from './adaptive.js';

/**
 * Adan (Xie et al. 2022, Optax's `adan`): `scaleByAdan`, decoupled weight decay, then the
 * learning rate. Defaults b1 0.98, b2 0.92, b3 0.99, eps 1e-8, epsRoot 1e-8, weight decay 0.
 *
 * @example
 * ```ts
 * import { adan, applyUpdates } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2, 3]) };
 * const optimizer = adan(0.1);
 * const [updates] = optimizer.update({ w: tensor([2, 4, 6]) }, optimizer.init(params), params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adan(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdanOptions & WeightDecayMaskOptions = {},
) {
  return chain(
    scaleByAdan({ ...options, epsRoot: options.epsRoot ?? 1e-8 }),
    addDecayedWeights({ weightDecay: options.weightDecay ?? 0, mask: options.mask }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * Optimistic gradient descent (Optax's `optimistic_gradient_descent`):
 * w ← w − η·((α + β)·g − β·g_prev). Defaults α = β = 1.
 *
 * @example
 * ```ts
 * import { applyUpdates, optimisticGradientDescent } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = optimisticGradientDescent(0.1, { alpha: 1, beta: 1 });
 * const [updates] = optimizer.update({ w: tensor([2, 4]) }, optimizer.init(params), params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function optimisticGradientDescent(
  learningRate: ScalarOrSchedule,
  options: ScaleByOptimisticGradientOptions = {},
) {
  return chain(scaleByOptimisticGradient(options), scaleByLearningRate(learningRate));
}

export interface OptimisticAdamOptions extends ScaleByAdamOptions {
  /** The weight of the change since the previous Adam direction; default the learning rate. */
  readonly optimism?: number;
}

/**
 * Optimistic Adam (Daskalakis et al. 2017, Optax's `optimistic_adam`): with r the Adam
 * direction (Nesterov by default, as Optax), w ← w − η·r − o·(r − r_prev), o the optimism
 * (default η). The learning rate is a number (no schedule), as in Optax.
 *
 * @example
 * ```ts
 * import { applyUpdates, optimisticAdam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = optimisticAdam(0.01, { optimism: 0.01 });
 * const [updates] = optimizer.update({ w: tensor([2, 4]) }, optimizer.init(params), params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function optimisticAdam(learningRate: number, options: OptimisticAdamOptions = {}) {
  const name = 'optimisticAdam';
  finite(name, 'learningRate', learningRate);
  const optimism = finite(name, 'optimism', options.optimism ?? learningRate);
  const { optimism: _optimism, ...adam } = options;
  return chain(
    scaleByAdam({ ...adam, nesterov: adam.nesterov ?? true }),
    scaleByOptimisticGradient({ alpha: learningRate, beta: optimism }),
    scaleByLearningRate(1),
  );
}

/**
 * SM3 (Anil et al. 2019, Optax's `sm3`): `scaleBySm3` with b1 = momentum, then −η.
 *
 * @example
 * ```ts
 * import { applyUpdates, sm3 } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([[1, 2], [3, 4]]) };
 * const optimizer = sm3(0.1, { momentum: 0.9 });
 * const [updates] = optimizer.update({ w: tensor([[2, 4], [6, 8]]) }, optimizer.init(params), params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function sm3(learningRate: number, options: { readonly momentum?: number } = {}) {
  const rate = finite('sm3', 'learningRate', learningRate);
  return chain(scaleBySm3({ b1: options.momentum ?? 0.9 }), scale(-rate));
}

export interface PolyakSgdOptions extends ScaleByPolyakOptions {
  /** Scales the gradient before the Polyak step (a number or schedule); default 1. */
  readonly scaling?: ScalarOrSchedule;
}

/**
 * SGD with Polyak's step size (Loizou et al. 2021, Optax's `polyak_sgd`):
 * w ← w − min((f − f*)/‖g‖², maxLearningRate)·g. Pass the loss of each step:
 * `update(g, state, params, { value: loss })`.
 *
 * @example
 * ```ts
 * import { applyUpdates, polyakSgd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2, 3]) };
 * const optimizer = polyakSgd({ maxLearningRate: 1 });
 * const loss = 14; // Σ w²
 * const [updates] = optimizer.update({ w: tensor([2, 4, 6]) }, optimizer.init(params), params, { value: loss });
 * const nextParams = applyUpdates(params, updates); // [0.5, 1, 1.5]: step min(14 / 56, 1)
 * ```
 */
export function polyakSgd(options: PolyakSgdOptions = {}) {
  const { scaling = 1, ...polyak } = options;
  return chain(scaleByLearningRate(scaling), scaleByPolyak(polyak));
}

/**
 * Signum (Bernstein et al. 2018, Optax's `signum`): m ← β·m + (1−β)·g (not debiased, as
 * only its sign is used), w ← w − η·sign(m). Default β 0.9.
 *
 * @example
 * ```ts
 * import { applyUpdates, signum } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = signum(0.01, { beta: 0.9 });
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function signum(learningRate: ScalarOrSchedule, options: { readonly beta?: number } = {}) {
  return chain(
    ema(options.beta ?? 0.9, { debias: false }),
    scaleBySign(),
    scaleByLearningRate(learningRate),
  );
}
