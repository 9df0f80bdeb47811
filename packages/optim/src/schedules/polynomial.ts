import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';
import { finite } from '../validate.js';
import { stepsOf, transitionBeginOf } from './options.js';

export interface PolynomialScheduleOptions {
  /** Steps to hold `initValue` before the transition starts. Default 0. */
  readonly transitionBegin?: number;
  /**
   * Restart the decay past its end, stretching `transitionSteps` to the next multiple of
   * itself past the count (TensorFlow's `cycle`, MindSpore's `update_decay_steps`). Default
   * false: hold `endValue`.
   */
  readonly cycle?: boolean;
}

/**
 * A polynomial transition from `initValue` (I) to `endValue` (E) over `transitionSteps` (T)
 * steps, starting at `transitionBegin` (B) (Optax's `polynomial_schedule`):
 *
 *   value(t) = (I − E)·(1 − clip(t − B, 0, T)/T)^power + E
 *
 * With `transitionSteps <= 0` the schedule is constant at `initValue`, as in Optax.
 *
 * @example
 * ```ts
 * import { polynomialSchedule } from '@gradkit/optim';
 *
 * const schedule = polynomialSchedule(1, 0, 2, 100);
 * schedule(50); // 0.25
 * ```
 */
export function polynomialSchedule(
  initValue: number,
  endValue: number,
  power: number,
  transitionSteps: number,
  options: PolynomialScheduleOptions = {},
): Schedule {
  return polynomial('polynomialSchedule', initValue, endValue, power, transitionSteps, options);
}

/**
 * A linear transition from `initValue` to `endValue` over `transitionSteps` steps after
 * `transitionBegin` (Optax's `linear_schedule`): `polynomialSchedule` with power 1,
 *
 *   value(t) = I + clip(t − B, 0, T)/T · (E − I)
 *
 * @example
 * ```ts
 * import { linearSchedule } from '@gradkit/optim';
 *
 * const schedule = linearSchedule(1, 0, 100);
 * schedule(25); // 0.75
 * ```
 */
export function linearSchedule(
  initValue: number,
  endValue: number,
  transitionSteps: number,
  options: PolynomialScheduleOptions = {},
): Schedule {
  return polynomial('linearSchedule', initValue, endValue, 1, transitionSteps, options);
}

function polynomial(
  name: string,
  initValue: number,
  endValue: number,
  power: number,
  transitionSteps: number,
  options: PolynomialScheduleOptions,
): Schedule {
  finite(name, 'initValue', initValue);
  finite(name, 'endValue', endValue);
  finite(name, 'power', power);
  stepsOf(name, 'transitionSteps', transitionSteps);
  const begin = transitionBeginOf(name, options.transitionBegin);
  const cycle = options.cycle ?? false;
  if (typeof cycle !== 'boolean') {
    throw new ValueError(name, 'cycle', `must be a boolean, got ${String(cycle)}`);
  }
  if (transitionSteps <= 0) return () => initValue;
  return (count) => {
    const steps = Math.max(count - begin, 0);
    const fraction = cycle
      ? 1 - steps / (transitionSteps * Math.max(Math.ceil(steps / transitionSteps), 1))
      : 1 - Math.min(steps, transitionSteps) / transitionSteps;
    return (initValue - endValue) * fraction ** power + endValue;
  };
}
