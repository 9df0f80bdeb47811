export { type ApplyIfFiniteState, applyIfFinite } from './apply-if-finite.js';
export type { ExtraArgs, GradientTransformationExtraArgs } from './extra-args.js';
export { freeze, type ParamMask } from './freeze.js';
export {
  type InjectableHyperparams,
  type InjectHyperparamsOptions,
  type InjectHyperparamsState,
  injectHyperparams,
  type NumericKeys,
  type ResolvedHyperparams,
  setHyperparams,
} from './inject-hyperparams.js';
export {
  hasUpdated,
  type MultiStepsOptions,
  type MultiStepsState,
  multiSteps,
  type ShouldSkipUpdate,
  skipNotFinite,
} from './multi-steps.js';
export { type MultiTransformState, multiTransform, type ParamLabels } from './multi-transform.js';
export { type ZeroNansState, zeroNans } from './zero-nans.js';
