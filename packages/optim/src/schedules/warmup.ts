import type { Schedule } from '../types.js';
import { finite } from '../validate.js';
import { cosineDecay } from './cosine-decay.js';
import { type ExponentialDecayOptions, exponentialDecay } from './exponential-decay.js';
import { join } from './join.js';
import { linearSchedule } from './polynomial.js';

export interface WarmupCosineDecayOptions {
  /** The value at `decaySteps` and after. Default 0. */
  readonly endValue?: number;
  /** The power of the cosine factor. Default 1. */
  readonly exponent?: number;
}

/**
 * Linear warmup from `initValue` to `peakValue` over `warmupSteps` (W), then cosine decay to
 * `endValue` until `decaySteps` (D, which includes the warmup) (Optax's
 * `warmup_cosine_decay_schedule`):
 *
 *   t < W:  I + (P − I)·t/W
 *   t >= W: cosineDecaySchedule(P, D − W, { alpha: E/P, exponent })(t − W)   (alpha 0 if P = 0)
 *
 * @example
 * ```ts
 * import { warmupCosineDecaySchedule } from '@gradkit/optim';
 *
 * const schedule = warmupCosineDecaySchedule(0, 0.1, 100, 1000);
 * schedule(100); // 0.1: the peak
 * ```
 */
export function warmupCosineDecaySchedule(
  initValue: number,
  peakValue: number,
  warmupSteps: number,
  decaySteps: number,
  options: WarmupCosineDecayOptions = {},
): Schedule {
  return warmupCosineDecay(
    'warmupCosineDecaySchedule',
    initValue,
    peakValue,
    warmupSteps,
    decaySteps,
    options,
  );
}

/** @internal `warmupCosineDecaySchedule` with errors naming `name`. */
export function warmupCosineDecay(
  name: string,
  initValue: number,
  peakValue: number,
  warmupSteps: number,
  decaySteps: number,
  options: WarmupCosineDecayOptions,
): Schedule {
  finite(name, 'initValue', initValue);
  finite(name, 'peakValue', peakValue);
  finite(name, 'warmupSteps', warmupSteps);
  finite(name, 'decaySteps', decaySteps);
  const endValue = finite(name, 'endValue', options.endValue ?? 0);
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return join(
    name,
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      cosineDecay(name, peakValue, decaySteps - warmupSteps, {
        alpha,
        exponent: options.exponent ?? 1,
      }),
    ],
    [warmupSteps],
  );
}

/**
 * Linear warmup from `initValue` to `peakValue` over `warmupSteps`, then
 * `exponentialDecay(peakValue, transitionSteps, decayRate, options)` counted from the end of
 * the warmup (Optax's `warmup_exponential_decay_schedule`).
 *
 * @example
 * ```ts
 * import { warmupExponentialDecaySchedule } from '@gradkit/optim';
 *
 * const schedule = warmupExponentialDecaySchedule(0, 0.1, 100, 1000, 0.5);
 * schedule(50); // 0.05, still warming up
 * ```
 */
export function warmupExponentialDecaySchedule(
  initValue: number,
  peakValue: number,
  warmupSteps: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): Schedule {
  const name = 'warmupExponentialDecaySchedule';
  finite(name, 'initValue', initValue);
  finite(name, 'peakValue', peakValue);
  finite(name, 'warmupSteps', warmupSteps);
  return join(
    name,
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      exponentialDecay(peakValue, transitionSteps, decayRate, options),
    ],
    [warmupSteps],
  );
}
