import { ValueError } from '@gradkit/tensor';
import type { ScalarOrSchedule } from './types.js';

/**
 * Hyperparameter checks shared by the transforms, run when a transform is built so that a
 * bad value fails before any state exists. `transform` names the builder, e.g. `scaleByAdam`.
 */
export function finite(transform: string, argument: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(transform, argument, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

export function nonNegative(transform: string, argument: string, value: number): number {
  finite(transform, argument, value);
  if (value < 0) throw new ValueError(transform, argument, `must be >= 0, got ${value}`);
  return value;
}

export function positive(transform: string, argument: string, value: number): number {
  finite(transform, argument, value);
  if (value <= 0) throw new ValueError(transform, argument, `must be > 0, got ${value}`);
  return value;
}

/** A decay rate such as a beta: 0 <= value < 1. */
export function decayRate(transform: string, argument: string, value: number): number {
  finite(transform, argument, value);
  if (value < 0 || value >= 1)
    throw new ValueError(transform, argument, `must be in [0, 1), got ${value}`);
  return value;
}

export function integerAtLeast(
  transform: string,
  argument: string,
  value: number,
  minimum: number,
): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new ValueError(
      transform,
      argument,
      `must be an integer >= ${minimum}, got ${String(value)}`,
    );
  }
  return value;
}

/** A learning rate or other scalar-or-schedule: a non-negative number or a function. */
export function scalarOrSchedule(
  transform: string,
  argument: string,
  value: ScalarOrSchedule,
): ScalarOrSchedule {
  if (typeof value === 'function') return value;
  return nonNegative(transform, argument, value);
}

/**
 * A schedule's value checked where it is used: a NaN, infinite or negative value at `count`
 * is refused (a NaN rate would train on silently; a negative one would ascend).
 */
export function scheduledNonNegative(
  transform: string,
  argument: string,
  schedule: (count: number) => number,
  count: number,
): number {
  const value = schedule(count);
  if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new ValueError(
      transform,
      argument,
      `is a schedule that gave ${String(value)} at step ${count}; expected a finite number >= 0`,
    );
  }
  return value;
}

/** The value of a number-or-schedule at `count`. */
export function valueAt(value: ScalarOrSchedule, count: number): number {
  return typeof value === 'function' ? value(count) : value;
}
