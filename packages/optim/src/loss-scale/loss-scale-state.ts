/** The state of `staticLossScale` and `dynamicLossScale`: plain numbers, readable and settable. */
export interface LossScaleState {
  /** Multiply the loss by this before differentiating (`scaleLoss`). */
  readonly scale: number;
  /** Finite steps in a row since the scale last changed (the dynamic scale grows at `window`). */
  readonly goodSteps: number;
  /** Whether the last gradients were all finite (false: that step was skipped). */
  readonly lastFinite: boolean;
}
