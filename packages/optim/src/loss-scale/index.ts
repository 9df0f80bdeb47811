export { type DynamicLossScaleOptions, dynamicLossScale, staticLossScale } from './loss-scale.js';
export type { LossScaleState } from './loss-scale-state.js';
export {
  scaleLoss,
  unscaleGradients,
  type WithLossScaleState,
  withLossScale,
} from './with-loss-scale.js';
