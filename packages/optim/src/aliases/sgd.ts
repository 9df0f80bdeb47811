import { chain, identity } from '../base.js';
import { addNoise } from '../transforms/add-noise.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { scaleBySign } from '../transforms/scale-by-sign.js';
import { trace } from '../transforms/trace.js';
import type { ScalarOrSchedule } from '../types.js';

export interface SgdOptions {
  /** Momentum decay μ; no momentum when undefined (the default). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum:
 * b ← g + μ·b, w ← w − η·b (or w ← w − η·(g + μ·b)). `chain(trace, scaleByLearningRate)`.
 * For PyTorch's dampening use `traceWithDampening`; for its weight decay put
 * `addDecayedWeights` first.
 *
 * @example
 * ```ts
 * import { applyUpdates, sgd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = sgd(0.1, { momentum: 0.9, nesterov: true });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function sgd(learningRate: ScalarOrSchedule, options: SgdOptions = {}) {
  return chain(
    options.momentum === undefined
      ? identity()
      : trace(options.momentum, { nesterov: options.nesterov ?? false }),
    scaleByLearningRate(learningRate),
  );
}

export interface NoisySgdOptions {
  /** Initial noise variance; default 0.01. */
  readonly eta?: number;
  /** Annealing exponent of the variance eta/tᵞ; default 0.55. */
  readonly gamma?: number;
  /** Seed of the noise; default 0. */
  readonly seed?: number;
}

/**
 * SGD with annealed Gaussian gradient noise: w ← w − η·(g + σₜ·z), σₜ² = eta/tᵞ.
 *
 * @example
 * ```ts
 * import { applyUpdates, noisySgd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = noisySgd(0.01);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function noisySgd(learningRate: ScalarOrSchedule, options: NoisySgdOptions = {}) {
  return chain(
    addNoise(options.eta ?? 0.01, options.gamma ?? 0.55, options.seed ?? 0),
    scaleByLearningRate(learningRate),
  );
}

/**
 * signSGD (Bernstein et al. 2018): w ← w − η·sign(g).
 *
 * @example
 * ```ts
 * import { applyUpdates, signSgd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = signSgd(0.01);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function signSgd(learningRate: ScalarOrSchedule) {
  return chain(scaleBySign(), scaleByLearningRate(learningRate));
}
