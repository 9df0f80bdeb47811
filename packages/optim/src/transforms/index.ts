export type { AdamFamilyOptions } from './adam-options.js';
export {
  type AddDecayedWeightsOptions,
  addDecayedWeights,
  addScaledParams,
} from './add-decayed-weights.js';
export { type AddNoiseState, addNoise } from './add-noise.js';
export { centralize } from './centralize.js';
export { clip } from './clip.js';
export { clipByBlockRms } from './clip-by-block-rms.js';
export { clipByGlobalNorm, globalNorm } from './clip-by-global-norm.js';
export { type EmaOptions, type EmaState, ema } from './ema.js';
export {
  type LookaheadOptions,
  type LookaheadParams,
  type LookaheadState,
  lookahead,
} from './lookahead.js';
export type { Mask } from './mask.js';
export { type MaskedState, masked } from './masked.js';
export { biasCorrection, firstMomentHat, updateInfinityMoment, updateMoment } from './moments.js';
export type { MomentsState } from './moments-state.js';
export { scale } from './scale.js';
export {
  type ScaleByAdadeltaOptions,
  type ScaleByAdadeltaState,
  scaleByAdadelta,
} from './scale-by-adadelta.js';
export { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';
export {
  type AdamFoldedState,
  type AdamMomentsState,
  type Float32AdamOptions,
  type ScaleByAdamFoldedOptions,
  scaleByAdamFoldedBiasCorrection,
  scaleByAdamWithoutBiasCorrection,
} from './scale-by-adam-float32.js';
export { type ScaleByAdamaxOptions, scaleByAdamax } from './scale-by-adamax.js';
export { type ScaleByAdanOptions, type ScaleByAdanState, scaleByAdan } from './scale-by-adan.js';
export {
  type ScaleByAmsgradOptions,
  type ScaleByAmsgradState,
  scaleByAmsgrad,
} from './scale-by-amsgrad.js';
export { type ScaleByBeliefOptions, scaleByBelief } from './scale-by-belief.js';
export {
  type ScaleByFactoredRmsOptions,
  type ScaleByFactoredRmsState,
  scaleByFactoredRms,
} from './scale-by-factored-rms.js';
export {
  type LearningRateTransform,
  type ScaleByLearningRateOptions,
  scaleByLearningRate,
} from './scale-by-learning-rate.js';
export { type ScaleByLionOptions, type ScaleByLionState, scaleByLion } from './scale-by-lion.js';
export {
  type ScaleByNovogradOptions,
  type ScaleByNovogradState,
  scaleByNovograd,
} from './scale-by-novograd.js';
export {
  type ScaleByOptimisticGradientOptions,
  type ScaleByOptimisticGradientState,
  scaleByOptimisticGradient,
} from './scale-by-optimistic-gradient.js';
export { scaleByParamBlockRms } from './scale-by-param-block-rms.js';
export { type ScaleByPolyakOptions, scaleByPolyak } from './scale-by-polyak.js';
export {
  type ScaleByPytorchNadamOptions,
  type ScaleByPytorchNadamState,
  scaleByPytorchNadam,
} from './scale-by-pytorch-nadam.js';
export { type ScaleByRadamOptions, scaleByRadam } from './scale-by-radam.js';
export {
  type ScaleByRmsOptions,
  type ScaleByRmsState,
  type ScaleByStddevState,
  scaleByRms,
  scaleByStddev,
} from './scale-by-rms.js';
export {
  type ScaleByRpropOptions,
  type ScaleByRpropState,
  scaleByRprop,
} from './scale-by-rprop.js';
export { type ScaleByRssOptions, type ScaleByRssState, scaleByRss } from './scale-by-rss.js';
export { type ScaleByScheduleState, scaleBySchedule } from './scale-by-schedule.js';
export { scaleBySign } from './scale-by-sign.js';
export { type ScaleBySm3Options, type ScaleBySm3State, scaleBySm3 } from './scale-by-sm3.js';
export { type ScaleByTrustRatioOptions, scaleByTrustRatio } from './scale-by-trust-ratio.js';
export { type ScaleByYogiOptions, scaleByYogi } from './scale-by-yogi.js';
export { type TraceOptions, type TraceState, trace } from './trace.js';
export {
  type TraceWithDampeningOptions,
  type TraceWithDampeningState,
  traceWithDampening,
} from './trace-with-dampening.js';
