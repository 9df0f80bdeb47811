import type { EmptyState, GradientTransformation, ScalarOrSchedule } from '../types.js';
import { scalarOrSchedule, scheduledNonNegative } from '../validate.js';
import { scale } from './scale.js';
import { type ScaleByScheduleState, scaleBySchedule } from './scale-by-schedule.js';

export interface ScaleByLearningRateOptions {
  /** Scale by −learningRate (descent) when true, the default; by +learningRate otherwise. */
  readonly flipSign?: boolean;
}

/**
 * u ← −η · u (or +η · u with `flipSign: false`), where η is a number or a schedule of the
 * step count (count = 0 at the first update).
 */
export type LearningRateTransform =
  | GradientTransformation<EmptyState>
  | GradientTransformation<ScaleByScheduleState>;

/**
 * Multiplies the updates by the learning rate, negated so that `applyUpdates` descends:
 *
 * ```text
 * u ← −η·u    (u ← η·u with `flipSign: false`)
 * ```
 * where η is a number or a schedule of the step count (count 0 at the first update).
 *
 * @example
 * ```ts
 * import { chain, scaleByAdam, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdam(), scaleByLearningRate(0.1)); // w ← w − 0.1·Adam's direction
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByLearningRate(
  learningRate: number,
  options?: ScaleByLearningRateOptions,
): GradientTransformation<EmptyState>;
export function scaleByLearningRate(
  learningRate: ScalarOrSchedule,
  options?: ScaleByLearningRateOptions,
): LearningRateTransform;
export function scaleByLearningRate(
  learningRate: ScalarOrSchedule,
  options: ScaleByLearningRateOptions = {},
): LearningRateTransform {
  scalarOrSchedule('scaleByLearningRate', 'learningRate', learningRate);
  const sign = (options.flipSign ?? true) ? -1 : 1;
  if (typeof learningRate === 'function') {
    return scaleBySchedule(
      (count) =>
        sign * scheduledNonNegative('scaleByLearningRate', 'learningRate', learningRate, count),
    );
  }
  return scale(sign * learningRate);
}
