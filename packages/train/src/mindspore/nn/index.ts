// MindSpore's nn optimizers and learning-rate schedules, exported as the `nn` namespace.

export {
  CallableOptimizer,
  type Gradient,
  type OptimizerLike,
} from '../../optimizer/callable-optimizer.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamWeightDecay, type AdamWeightDecayOptions } from './adam-weight-decay.js';
export { ArgumentTypeError } from './errors.js';
export {
  decaysByDefault,
  type OptimizerParams,
  type ParamGroup,
  type ResolvedGroup,
} from './groups.js';
export { LazyAdam } from './lazy-adam.js';
export {
  type LearningRate,
  type ResolvedLearningRate,
  resolveLearningRate,
} from './learning-rate.js';
export { Momentum, type MomentumOptions } from './momentum.js';
export { type AlgorithmTraits, NnOptimizer, type NnOptimizerOptions } from './nn-optimizer.js';
export { CosineDecayLR } from './schedules/cosine-decay-lr.js';
export type { StairOptions } from './schedules/decay-options.js';
export {
  cosineDecayLr,
  exponentialDecayLr,
  inverseDecayLr,
  naturalExpDecayLr,
  type PolynomialDecayLrOptions,
  piecewiseConstantLr,
  polynomialDecayLr,
  warmupLr,
} from './schedules/dynamic-lr.js';
export { ExponentialDecayLR } from './schedules/exponential-decay-lr.js';
export { InverseDecayLR } from './schedules/inverse-decay-lr.js';
export { LearningRateSchedule } from './schedules/learning-rate-schedule.js';
export { NaturalExpDecayLR } from './schedules/natural-exp-decay-lr.js';
export {
  PolynomialDecayLR,
  type PolynomialDecayLROptions,
} from './schedules/polynomial-decay-lr.js';
export { StairDecayLR } from './schedules/stair-decay-lr.js';
export { WarmUpLR } from './schedules/warm-up-lr.js';
export { SGD, type SGDOptions } from './sgd.js';
export type { OptimizerTarget } from './target.js';
