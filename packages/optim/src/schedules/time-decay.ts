import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';
import { finite, positive } from '../validate.js';

export interface TimeDecayOptions {
  /** Decay in whole intervals of `decaySteps` (p = floor(count/decaySteps)). Default false. */
  readonly staircase?: boolean;
}

function progressOf(name: string, decaySteps: number, options: TimeDecayOptions) {
  positive(name, 'decaySteps', decaySteps);
  const staircase = options.staircase ?? false;
  if (typeof staircase !== 'boolean') {
    throw new ValueError(name, 'staircase', `must be a boolean, got ${String(staircase)}`);
  }
  return (count: number) => {
    const p = count / decaySteps;
    return staircase ? Math.floor(p) : p;
  };
}

/**
 * initValue·exp(−decayRate·p), p = count/decaySteps (floored with `staircase`): TensorFlow's
 * and MindSpore's natural exponential decay.
 *
 * @example
 * ```ts
 * import { naturalExpDecaySchedule } from '@gradkit/optim';
 *
 * const schedule = naturalExpDecaySchedule(0.1, 10, 0.5);
 * schedule(20); // 0.1·e⁻¹
 * ```
 */
export function naturalExpDecaySchedule(
  initValue: number,
  decaySteps: number,
  decayRate: number,
  options: TimeDecayOptions = {},
): Schedule {
  const name = 'naturalExpDecaySchedule';
  finite(name, 'initValue', initValue);
  finite(name, 'decayRate', decayRate);
  const progress = progressOf(name, decaySteps, options);
  return (count) => initValue * Math.exp(-decayRate * progress(count));
}

/**
 * initValue/(1 + decayRate·p), p = count/decaySteps (floored with `staircase`): TensorFlow's
 * and MindSpore's inverse time decay.
 *
 * @example
 * ```ts
 * import { inverseTimeDecaySchedule } from '@gradkit/optim';
 *
 * const schedule = inverseTimeDecaySchedule(0.1, 10, 0.5);
 * schedule(20); // 0.05
 * ```
 */
export function inverseTimeDecaySchedule(
  initValue: number,
  decaySteps: number,
  decayRate: number,
  options: TimeDecayOptions = {},
): Schedule {
  const name = 'inverseTimeDecaySchedule';
  finite(name, 'initValue', initValue);
  finite(name, 'decayRate', decayRate);
  const progress = progressOf(name, decaySteps, options);
  return (count) => initValue / (1 + decayRate * progress(count));
}
