import { checkBoolean, checkInteger, checkNonNegative, checkNumber } from '../validate.js';

/** Options of the decay schedules with MindSpore's `is_stair`. */
export interface StairOptions {
  /** Decay in whole steps of decaySteps (floor(step / decaySteps)); default false. */
  readonly isStair?: boolean;
}

/**
 * The shared arguments of ExponentialDecayLR, NaturalExpDecayLR and InverseDecayLR, checked.
 *
 * For example, `decayArguments('ExponentialDecayLR', 0.1, 0.9, 4, { isStair: true })` gives
 * `{ decayRate, decaySteps, isStair }`.
 */
export function decayArguments(
  op: string,
  learningRate: number,
  decayRate: number,
  decaySteps: number,
  options: StairOptions,
) {
  return {
    learningRate: checkNonNegative(op, 'learningRate', learningRate),
    decayRate: checkNumber(op, 'decayRate', decayRate),
    decaySteps: checkInteger(op, 'decaySteps', decaySteps, 1),
    isStair: checkBoolean(op, 'isStair', options.isStair ?? false),
  };
}

/**
 * p = step/decaySteps, floored when isStair.
 *
 * For example, `decayProgress(6, 4, false)` is 1.5 and `decayProgress(6, 4, true)` is 1.
 */
export function decayProgress(step: number, decaySteps: number, isStair: boolean): number {
  const p = step / decaySteps;
  return isStair ? Math.floor(p) : p;
}
