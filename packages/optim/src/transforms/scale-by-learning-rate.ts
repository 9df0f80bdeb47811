import type { EmptyState, GradientTransformation, ScalarOrSchedule } from '../types.js';
import { scalarOrSchedule } from '../validate.js';
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
    return scaleBySchedule((count) => sign * learningRate(count));
  }
  return scale(sign * learningRate);
}
