import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';
import { finite } from '../validate.js';
import { stepsOf, transitionBeginOf } from './options.js';

export interface ExponentialDecayOptions {
  /** Steps to hold `initValue` before decaying. Default 0. */
  readonly transitionBegin?: number;
  /** Decay in whole intervals of `transitionSteps` (a staircase). Default false. */
  readonly staircase?: boolean;
  /** A floor when `decayRate < 1`, a ceiling otherwise. Default none. */
  readonly endValue?: number;
}

/**
 * Exponential decay (Optax's `exponential_decay`): with p = (t − B)/T (floored if
 * `staircase`),
 *
 *   value(t) = I                  if t − B <= 0
 *            = I · decayRate^p    otherwise,
 *
 * then clipped at `endValue` (from below when `decayRate < 1`, from above otherwise). With
 * `transitionSteps <= 0` or `decayRate == 0` the schedule is constant at `initValue`, as in
 * Optax. `exponentialDecay(lr, stepSize, gamma, { staircase: true })` is PyTorch's `StepLR`;
 * `exponentialDecay(lr, 1, gamma)` is `ExponentialLR`.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@gradkit/optim';
 *
 * const schedule = exponentialDecay(0.1, 100, 0.5);
 * schedule(100); // 0.05
 * ```
 */
export function exponentialDecay(
  initValue: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): Schedule {
  const name = 'exponentialDecay';
  finite(name, 'initValue', initValue);
  stepsOf(name, 'transitionSteps', transitionSteps);
  finite(name, 'decayRate', decayRate);
  const begin = transitionBeginOf(name, options.transitionBegin);
  const staircase = options.staircase ?? false;
  if (typeof staircase !== 'boolean') {
    throw new ValueError(name, 'staircase', `must be a boolean, got ${String(staircase)}`);
  }
  const endValue =
    options.endValue === undefined ? undefined : finite(name, 'endValue', options.endValue);
  if (transitionSteps <= 0 || decayRate === 0) return () => initValue;
  const clipToEnd = (value: number): number => {
    if (endValue === undefined) return value;
    return decayRate < 1 ? Math.max(value, endValue) : Math.min(value, endValue);
  };
  return (count) => {
    const decreasedCount = count - begin;
    let exponent = decreasedCount / transitionSteps;
    if (staircase) exponent = Math.floor(exponent);
    const decayed = decreasedCount <= 0 ? initValue : initValue * decayRate ** exponent;
    return clipToEnd(decayed);
  };
}
