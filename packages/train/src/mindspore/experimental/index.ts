// MindSpore's experimental.optim: optimizer classes over @gradkit/optim transforms, and
// lrScheduler.

export {
  Adadelta,
  type AdadeltaHyperparameters,
  type AdadeltaOptions,
  adadeltaSpec,
} from './adadelta.js';
export {
  Adagrad,
  type AdagradHyperparameters,
  type AdagradOptions,
  adagradSpec,
} from './adagrad.js';
export {
  ADAM_DEFAULTS,
  Adam,
  type AdamHyperparameters,
  type AdamOptions,
  type AmsgradVariant,
  adamSpec,
} from './adam.js';
export { Adamax, type AdamaxHyperparameters, type AdamaxOptions, adamaxSpec } from './adamax.js';
export { AdamW, adamwSpec } from './adamw.js';
export { ASGD, type ASGDHyperparameters, type ASGDOptions, asgdSpec } from './asgd.js';
export * as lrScheduler from './lr-scheduler/index.js';
export { NAdam, type NAdamHyperparameters, type NAdamOptions, nadamSpec } from './nadam.js';
export {
  Optimizer,
  type OptimizerGradient,
  type OptimizerSpec,
  type ParamState,
} from './optimizer.js';
export type {
  Hyperparameters,
  OptimizerParams,
  ParamGroup,
  ParamGroupInput,
} from './param-groups.js';
export { RAdam, type RAdamHyperparameters, type RAdamOptions, radamSpec } from './radam.js';
export {
  RMSprop,
  type RMSpropHyperparameters,
  type RMSpropOptions,
  rmspropSpec,
} from './rmsprop.js';
export { Rprop, type RpropHyperparameters, type RpropOptions, rpropSpec } from './rprop.js';
export { SGD, type SGDHyperparameters, type SGDOptions, sgdSpec } from './sgd.js';
