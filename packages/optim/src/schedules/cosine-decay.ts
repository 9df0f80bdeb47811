import type { Schedule } from '../types.js';
import { finite, positive } from '../validate.js';

export interface CosineDecayOptions {
  /** The floor, as a fraction of `initValue`. Default 0. */
  readonly alpha?: number;
  /** The power of the cosine factor. Default 1. */
  readonly exponent?: number;
}

/**
 * Cosine decay over `decaySteps` (T) steps (Optax's `cosine_decay_schedule`):
 *
 *   value(t) = I · ((1 − α)·(½(1 + cos(π·min(t, T)/T)))^exponent + α)
 *
 * With `alpha = ηmin/I` it is PyTorch's `CosineAnnealingLR(T_max = T, eta_min = ηmin)` for
 * t <= T (PyTorch then rises again; this holds at αI).
 *
 * @example
 * ```ts
 * import { cosineDecaySchedule } from '@gradkit/optim';
 *
 * const schedule = cosineDecaySchedule(0.1, 1000);
 * schedule(0); // 0.1
 * schedule(1000); // 0
 * ```
 */
export function cosineDecaySchedule(
  initValue: number,
  decaySteps: number,
  options: CosineDecayOptions = {},
): Schedule {
  return cosineDecay('cosineDecaySchedule', initValue, decaySteps, options);
}

/** @internal `cosineDecaySchedule` with errors naming `name`. */
export function cosineDecay(
  name: string,
  initValue: number,
  decaySteps: number,
  options: CosineDecayOptions,
): Schedule {
  finite(name, 'initValue', initValue);
  positive(name, 'decaySteps', decaySteps);
  const alpha = finite(name, 'alpha', options.alpha ?? 0);
  const exponent = finite(name, 'exponent', options.exponent ?? 1);
  return (count) => {
    const progress = Math.min(count, decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * progress) / decaySteps));
    return initValue * ((1 - alpha) * cosine ** exponent + alpha);
  };
}
