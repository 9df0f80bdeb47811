// PyTorch's lr_scheduler (MindSpore's experimental.optim.lr_scheduler): shared by every
// optimizer front end that exposes `paramGroups` with `lr`.
export { ChainedScheduler } from './chained-scheduler.js';
export { ConstantLR, type ConstantLROptions } from './constant-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export {
  CosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
} from './cosine-annealing-warm-restarts.js';
export { CyclicLR, type CyclicLROptions, type CyclicMode } from './cyclic-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { LambdaLR, type LrLambda } from './lambda-lr.js';
export { LinearLR, type LinearLROptions } from './linear-lr.js';
export {
  LRScheduler,
  type SchedulableGroup,
  type SchedulableOptimizer,
} from './lr-scheduler.js';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.js';
export { MultiplicativeLR } from './multiplicative-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.js';
export { PolynomialLR, type PolynomialLROptions } from './polynomial-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { SequentialLR } from './sequential-lr.js';
export { StepLR, type StepLROptions } from './step-lr.js';
