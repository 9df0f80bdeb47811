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

/** SGD with annealed Gaussian gradient noise: w ← w − η·(g + σₜ·z), σₜ² = eta/tᵞ. */
export function noisySgd(learningRate: ScalarOrSchedule, options: NoisySgdOptions = {}) {
  return chain(
    addNoise(options.eta ?? 0.01, options.gamma ?? 0.55, options.seed ?? 0),
    scaleByLearningRate(learningRate),
  );
}

/** signSGD (Bernstein et al. 2018): w ← w − η·sign(g). */
export function signSgd(learningRate: ScalarOrSchedule) {
  return chain(scaleBySign(), scaleByLearningRate(learningRate));
}
