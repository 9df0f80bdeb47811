import type { Schedule } from '../types.js';
import { finite } from '../validate.js';

/**
 * A schedule that is `value` at every step (Optax's `constant_schedule`).
 *
 * @example
 * ```ts
 * import { constantSchedule } from '@gradkit/optim';
 *
 * const schedule = constantSchedule(0.1);
 * schedule(1000); // 0.1
 * ```
 */
export function constantSchedule(value: number): Schedule {
  finite('constantSchedule', 'value', value);
  return () => value;
}
