// PyTorch's torch.optim as a front end over the shared optimizer specs, with PyTorch's
// numbers, defaults, messages and state dicts; `backward` fills `param.grad`.

// The same scheduler classes as optim.lrScheduler: one implementation for both front ends.
export * as lrScheduler from '../mindspore/experimental/lr-scheduler/index.js';
export type {
  LayoutEntry as TorchParamState,
  StateLayout as TorchStateLayout,
} from '../optimizer/state-layout.js';
export { Parameter } from '../parameter/parameter.js';
export { Adadelta } from './adadelta.js';
export { Adagrad } from './adagrad.js';
export { Adam, AdamW } from './adam.js';
export { Adamax } from './adamax.js';
export { type BackwardOptions, backward, type Recorded, recording } from './backward.js';
export {
  exportForPyTorch,
  type PyTorchExport,
  type PyTorchExportable,
} from './export-for-pytorch.js';
export { NAdam } from './nadam.js';
export { RAdam } from './radam.js';
export { RMSprop } from './rmsprop.js';
export { SGD } from './sgd.js';
export {
  TorchOptimizer as Optimizer,
  type TorchStateDict,
  type ZeroGradOptions,
} from './torch-optimizer.js';
