import type { Schedule } from '../types.js';
import { finite } from '../validate.js';

/** A schedule that is `value` at every step (Optax's `constant_schedule`). */
export function constantSchedule(value: number): Schedule {
  finite('constantSchedule', 'value', value);
  return () => value;
}
