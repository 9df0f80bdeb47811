import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';

/**
 * Runs `schedules` one after another (Optax's `join_schedules`): schedule i + 1 takes over at
 * `boundaries[i]` and is called with the steps since that boundary, `t − boundaries[i]`.
 * `boundaries` has one entry fewer than `schedules`.
 *
 * @example
 * ```ts
 * import { constantSchedule, cosineDecaySchedule, joinSchedules } from '@gradkit/optim';
 *
 * // 0.1 for 100 steps, then cosine decay from 0.1 over 900 steps
 * const schedule = joinSchedules([constantSchedule(0.1), cosineDecaySchedule(0.1, 900)], [100]);
 * schedule(100); // 0.1: the second schedule at its step 0
 * ```
 */
export function joinSchedules(
  schedules: readonly Schedule[],
  boundaries: readonly number[],
): Schedule {
  return join('joinSchedules', schedules, boundaries);
}

/** @internal `joinSchedules` with errors naming `name`. */
export function join(
  name: string,
  schedules: readonly Schedule[],
  boundaries: readonly number[],
): Schedule {
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new ValueError(name, 'schedules', 'must be a non-empty array of schedules');
  }
  schedules.forEach((schedule, i) => {
    if (typeof schedule !== 'function') {
      throw new ValueError(name, 'schedules', `[${i}] must be a function, got ${String(schedule)}`);
    }
  });
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1) {
    throw new ValueError(
      name,
      'boundaries',
      `must hold ${schedules.length - 1} step(s), one fewer than the schedules, got ${String(boundaries)}`,
    );
  }
  boundaries.forEach((boundary, i) => {
    if (typeof boundary !== 'number' || !Number.isFinite(boundary)) {
      throw new ValueError(
        name,
        'boundaries',
        `[${i}] must be a finite number, got ${String(boundary)}`,
      );
    }
  });
  return (count) => {
    // The last boundary passed picks the schedule, as Optax's chain of `where`s does.
    let value = schedules[0]!(count);
    boundaries.forEach((boundary, i) => {
      if (count >= boundary) value = schedules[i + 1]!(count - boundary);
    });
    return value;
  };
}
