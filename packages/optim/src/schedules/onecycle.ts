import type { Schedule } from '../types.js';
import { finite, positive } from '../validate.js';
import { piecewiseInterpolate } from './piecewise-interpolate.js';

export interface CosineOnecycleOptions {
  /** Fraction of the steps spent rising to `peakValue`. Default 0.3. */
  readonly pctStart?: number;
  /** The start value is `peakValue / divFactor`. Default 25. */
  readonly divFactor?: number;
  /** The end value is `peakValue / (divFactor · finalDivFactor)`. Default 1e4. */
  readonly finalDivFactor?: number;
}

export interface LinearOnecycleOptions extends CosineOnecycleOptions {
  /** Fraction of the steps after which the value is back at the start value. Default 0.85. */
  readonly pctFinal?: number;
}

/**
 * The one-cycle schedule with cosine phases (Optax's `cosine_onecycle_schedule`): from
 * `peakValue/divFactor` up to `peakValue` at step ⌊pctStart·T⌋, then down to
 * `peakValue/(divFactor·finalDivFactor)` at step T, each phase a cosine interpolation
 * (`piecewiseInterpolateSchedule('cosine', …)`).
 *
 * PyTorch's `OneCycleLR(max_lr, total_steps = N, pct_start = p)` peaks at step p·N − 1 and
 * ends at N − 1, so it equals this schedule with T = N − 1 and ⌊pctStart·T⌋ = p·N − 1.
 *
 * @example
 * ```ts
 * import { cosineOnecycleSchedule } from '@gradkit/optim';
 *
 * const schedule = cosineOnecycleSchedule(1000, 0.1);
 * schedule(300); // 0.1: the peak, at pctStart 0.3
 * ```
 */
export function cosineOnecycleSchedule(
  transitionSteps: number,
  peakValue: number,
  options: CosineOnecycleOptions = {},
): Schedule {
  const name = 'cosineOnecycleSchedule';
  positive(name, 'transitionSteps', transitionSteps);
  finite(name, 'peakValue', peakValue);
  const pctStart = finite(name, 'pctStart', options.pctStart ?? 0.3);
  const divFactor = positive(name, 'divFactor', options.divFactor ?? 25);
  const finalDivFactor = positive(name, 'finalDivFactor', options.finalDivFactor ?? 1e4);
  return piecewiseInterpolate(name, 'cosine', peakValue / divFactor, {
    [Math.trunc(pctStart * transitionSteps)]: divFactor,
    [Math.trunc(transitionSteps)]: 1 / (divFactor * finalDivFactor),
  });
}

/**
 * The one-cycle schedule with three linear phases (Optax's `linear_onecycle_schedule`): from
 * `peakValue/divFactor` up to `peakValue` at ⌊pctStart·T⌋, back down to `peakValue/divFactor`
 * at ⌊pctFinal·T⌋, then to `peakValue/(divFactor·finalDivFactor)` at T.
 *
 * PyTorch's `OneCycleLR(..., anneal_strategy = 'linear', three_phase = true)` with N total
 * steps is this schedule with T = N − 1, ⌊pctStart·T⌋ = p·N − 1 and ⌊pctFinal·T⌋ = 2p·N − 2.
 *
 * @example
 * ```ts
 * import { linearOnecycleSchedule } from '@gradkit/optim';
 *
 * const schedule = linearOnecycleSchedule(1000, 0.1);
 * schedule(0); // 0.1 / 25 = 0.004 (divFactor 25)
 * ```
 */
export function linearOnecycleSchedule(
  transitionSteps: number,
  peakValue: number,
  options: LinearOnecycleOptions = {},
): Schedule {
  const name = 'linearOnecycleSchedule';
  positive(name, 'transitionSteps', transitionSteps);
  finite(name, 'peakValue', peakValue);
  const pctStart = finite(name, 'pctStart', options.pctStart ?? 0.3);
  const pctFinal = finite(name, 'pctFinal', options.pctFinal ?? 0.85);
  const divFactor = positive(name, 'divFactor', options.divFactor ?? 25);
  const finalDivFactor = positive(name, 'finalDivFactor', options.finalDivFactor ?? 1e4);
  return piecewiseInterpolate(name, 'linear', peakValue / divFactor, {
    [Math.trunc(pctStart * transitionSteps)]: divFactor,
    [Math.trunc(pctFinal * transitionSteps)]: 1 / divFactor,
    [transitionSteps]: 1 / finalDivFactor,
  });
}
