// What `mindspore.nn` holds, exported as the `nn` namespace: Cell, the layers, the losses,
// the training cells, and the optimizers with their learning-rate schedules (this folder).
// The same classes are also exported at the top level.

export { Cell } from '../../cell/cell.js';
export { SequentialCell } from '../../cell/sequential-cell.js';
export { ReLU, Sigmoid, Softmax, Tanh } from '../../layers/activations.js';
export { BatchNorm1d, BatchNorm2d } from '../../layers/batch-norm.js';
export { Conv2d } from '../../layers/conv2d.js';
export { Dense } from '../../layers/dense.js';
export { Dropout } from '../../layers/dropout.js';
export { Embedding } from '../../layers/embedding.js';
export { Flatten } from '../../layers/flatten.js';
export { LayerNorm } from '../../layers/layer-norm.js';
export { AvgPool2d, MaxPool2d } from '../../layers/pooling.js';
export * from '../../loss-scale/index.js';
export {
  CrossEntropyLoss,
  NLLLoss,
  SoftmaxCrossEntropyWithLogits,
} from '../../losses/class-losses.js';
export {
  BCEWithLogitsLoss,
  L1Loss,
  MSELoss,
  SmoothL1Loss,
} from '../../losses/elementwise-losses.js';
export { LossBase } from '../../losses/loss-base.js';
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
