import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';
import { join } from './join.js';
import { warmupCosineDecay } from './warmup.js';

/** One cycle of `sgdrSchedule`: the arguments of `warmupCosineDecaySchedule`, by name. */
export interface SgdrCycle {
  readonly initValue: number;
  readonly peakValue: number;
  readonly warmupSteps: number;
  readonly decaySteps: number;
  readonly endValue?: number;
  readonly exponent?: number;
}

/**
 * SGD with warm restarts (Optax's `sgdr_schedule`): the `warmupCosineDecaySchedule` cycles
 * joined end to end, each lasting its `decaySteps`. Cycles of
 * `{ initValue: lr, peakValue: lr, warmupSteps: 0, decaySteps: T₀, endValue: ηmin }` are
 * PyTorch's `CosineAnnealingWarmRestarts(T_0 = T₀, T_mult = 1, eta_min = ηmin)`.
 *
 * @example
 * ```ts
 * import { sgdrSchedule } from '@gradkit/optim';
 *
 * const schedule = sgdrSchedule([
 *   { initValue: 0, peakValue: 0.1, warmupSteps: 10, decaySteps: 100 },
 *   { initValue: 0, peakValue: 0.05, warmupSteps: 10, decaySteps: 100 },
 * ]);
 * schedule(110); // the second cycle starts
 * ```
 */
export function sgdrSchedule(cosineKwargs: readonly SgdrCycle[]): Schedule {
  const name = 'sgdrSchedule';
  if (!Array.isArray(cosineKwargs) || cosineKwargs.length === 0) {
    throw new ValueError(name, 'cosineKwargs', 'must be a non-empty array of cycles');
  }
  const schedules: Schedule[] = [];
  const boundaries: number[] = [];
  let step = 0;
  for (const cycle of cosineKwargs) {
    const { initValue, peakValue, warmupSteps, decaySteps, ...options } = cycle;
    schedules.push(warmupCosineDecay(name, initValue, peakValue, warmupSteps, decaySteps, options));
    step += decaySteps;
    boundaries.push(step);
  }
  return join(name, schedules, boundaries.slice(0, -1));
}
