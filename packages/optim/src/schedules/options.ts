import { ValueError } from '@gradkit/tensor';
import { finite, integerAtLeast } from '../validate.js';

/**
 * Optax logs and falls back to 0 for a negative `transitionBegin`; here it is an error, so a
 * typo fails when the schedule is built rather than training with a silent change.
 */
export function transitionBeginOf(schedule: string, value: number | undefined): number {
  if (value === undefined) return 0;
  return integerAtLeast(schedule, 'transitionBegin', value, 0);
}

/** A step count such as `transitionSteps`: a finite number (Optax allows <= 0, meaning "never"). */
export function stepsOf(schedule: string, argument: string, value: number): number {
  return finite(schedule, argument, value);
}

/** `{ [boundary]: scale }` as sorted `[boundary, scale]` pairs; boundaries are integers, scales >= 0. */
export function boundariesAndScalesOf(
  schedule: string,
  value: Readonly<Record<number | string, number>> | undefined,
): [number, number][] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) {
    throw new ValueError(
      schedule,
      'boundariesAndScales',
      `must be an object, got ${String(value)}`,
    );
  }
  const pairs = Object.entries(value).map(([key, scale]): [number, number] => {
    const boundary = Number(key);
    if (!Number.isInteger(boundary)) {
      throw new ValueError(schedule, 'boundariesAndScales', `has a non-integer boundary '${key}'`);
    }
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0) {
      throw new ValueError(
        schedule,
        'boundariesAndScales',
        `must map boundaries to finite scales >= 0, got ${String(scale)} at ${key}`,
      );
    }
    return [boundary, scale];
  });
  return pairs.sort((a, b) => a[0] - b[0]);
}
