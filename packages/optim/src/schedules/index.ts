export { constantSchedule } from './constant.js';
export { type CosineDecayOptions, cosineDecaySchedule } from './cosine-decay.js';
export {
  type CyclicScheduleMode,
  type CyclicScheduleOptions,
  cyclicSchedule,
} from './cyclic.js';
export { type ExponentialDecayOptions, exponentialDecay } from './exponential-decay.js';
export { joinSchedules } from './join.js';
export {
  type CosineOnecycleOptions,
  cosineOnecycleSchedule,
  type LinearOnecycleOptions,
  linearOnecycleSchedule,
} from './onecycle.js';
export { piecewiseConstantSchedule } from './piecewise-constant.js';
export { type InterpolateType, piecewiseInterpolateSchedule } from './piecewise-interpolate.js';
export {
  linearSchedule,
  type PolynomialScheduleOptions,
  polynomialSchedule,
} from './polynomial.js';
export {
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
  reduceOnPlateau,
} from './reduce-on-plateau.js';
export { type SgdrCycle, sgdrSchedule } from './sgdr.js';
export {
  inverseTimeDecaySchedule,
  naturalExpDecaySchedule,
  type TimeDecayOptions,
} from './time-decay.js';
export {
  type WarmupCosineDecayOptions,
  warmupCosineDecaySchedule,
  warmupExponentialDecaySchedule,
} from './warmup.js';
