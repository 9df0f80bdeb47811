// What `mindspore.nn` holds, as the `nn` namespace: Cell, the layers, the losses, the
// training cells, and the optimizers with their learning-rate schedules. The same classes
// are also exported at the top level.

export { Cell } from '../cell/cell.js';
export { SequentialCell } from '../cell/sequential-cell.js';
export { ReLU, Sigmoid, Softmax, Tanh } from '../layers/activations.js';
export { BatchNorm1d, BatchNorm2d } from '../layers/batch-norm.js';
export { Conv2d } from '../layers/conv2d.js';
export { Dense } from '../layers/dense.js';
export { Dropout } from '../layers/dropout.js';
export { Embedding } from '../layers/embedding.js';
export { Flatten } from '../layers/flatten.js';
export { LayerNorm } from '../layers/layer-norm.js';
export { AvgPool2d, MaxPool2d } from '../layers/pooling.js';
export * from '../loss-scale/index.js';
export {
  CrossEntropyLoss,
  NLLLoss,
  SoftmaxCrossEntropyWithLogits,
} from '../losses/class-losses.js';
export { BCEWithLogitsLoss, L1Loss, MSELoss, SmoothL1Loss } from '../losses/elementwise-losses.js';
export { LossBase } from '../losses/loss-base.js';
export * from '../mindspore/nn/index.js';
