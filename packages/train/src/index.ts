export { Cell } from './cell/cell.js';
export {
  hasRandomState,
  type RandomState,
  type RandomStateful,
} from './cell/random-state.js';
export { SequentialCell } from './cell/sequential-cell.js';
export type { Column, ColumnDType, ColumnStorage } from './dataset/column.js';
export {
  type BatchOptions,
  Dataset,
  type Element,
  type FromTensorsOptions,
  type MapOptions,
  type ShuffleOptions,
} from './dataset/dataset.js';
export {
  MnistDataset,
  type MnistDatasetOptions,
  type MnistUsage,
} from './dataset/mnist-dataset.js';
export { Transform } from './dataset/transform.js';
export * as transforms from './dataset/transforms.js';
export * as vision from './dataset/vision/index.js';
export { LeNet5, type LeNet5Options } from './examples/lenet5.js';
export type { JitFallbackInfo, JitOption, JitSettings } from './grad/jit-option.js';
export { recordSparseLookup } from './grad/sparse-rows.js';
export {
  type Gradients,
  type GradPosition,
  type GradResult,
  grad,
  type InputGradients,
  type Output,
  type ValueAndGradOptions,
  valueAndGrad,
  type WeightGradient,
  type WeightGradients,
} from './grad/value-and-grad.js';
export type { Weights } from './grad/weights.js';
export { Constant, One, Zero } from './initializers/constant.js';
export { calculateGain, fans } from './initializers/fans.js';
export { HeNormal, type HeOptions, HeUniform } from './initializers/he.js';
export { Initializer, type SeedOptions } from './initializers/initializer.js';
export { Normal } from './initializers/normal.js';
export { type InitializerLike, type InitializerName, initialize } from './initializers/resolve.js';
export { getSeed, setSeed } from './initializers/seed.js';
export { Uniform } from './initializers/uniform.js';
export { XavierUniform } from './initializers/xavier-uniform.js';
export {
  type ActivationLike,
  getActivation,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from './layers/activations.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './layers/batch-norm.js';
export { Conv2d, type Conv2dOptions } from './layers/conv2d.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { Flatten } from './layers/flatten.js';
export { LayerNorm, type LayerNormOptions } from './layers/layer-norm.js';
export type { PadMode } from './layers/padding.js';
export { AvgPool2d, MaxPool2d, type Pool2dOptions } from './layers/pooling.js';
// Loss scaling, and Model with its callbacks and metrics. The `nn` namespace holds what
// mindspore.nn holds (`new nn.Dense(...)`, `new nn.Adam(...)`).
export * from './loss-scale/index.js';
export {
  CrossEntropyLoss,
  type CrossEntropyLossOptions,
  NLLLoss,
  SoftmaxCrossEntropyWithLogits,
  type WeightedClassOptions,
} from './losses/class-losses.js';
export {
  BCEWithLogitsLoss,
  type BCEWithLogitsLossOptions,
  L1Loss,
  MSELoss,
  SmoothL1Loss,
} from './losses/elementwise-losses.js';
export { LossBase, type Reduction } from './losses/loss-base.js';
// MindSpore's experimental.optim: optimizer classes and optim.lrScheduler.
export * as optim from './mindspore/experimental/index.js';
export * as nn from './mindspore/nn/index.js';
export * from './model/index.js';
export { checkOptionKeys, resolveOptions } from './options/check-option-keys.js';
export { type AssignOptions, Parameter } from './parameter/parameter.js';
export { ParameterTuple } from './parameter/parameter-tuple.js';
// PyTorch-style gradients into param.grad (the torch front end's loop).
export { type BackwardOptions, backward, type Recorded, recording } from './torch/backward.js';
