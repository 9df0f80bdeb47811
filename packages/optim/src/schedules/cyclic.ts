import { ValueError } from '@gradkit/tensor';
import type { Schedule } from '../types.js';
import { finite, positive } from '../validate.js';

/** How a cyclic schedule's amplitude changes from cycle to cycle. */
export type CyclicScheduleMode = 'triangular' | 'triangular2' | 'expRange';

export interface CyclicScheduleOptions {
  /** Steps in the rising half of a cycle. Default 2000. */
  readonly stepSizeUp?: number;
  /** Steps in the falling half. Default `stepSizeUp`. */
  readonly stepSizeDown?: number;
  /**
   * `triangular`: the same amplitude every cycle; `triangular2`: halved each cycle;
   * `expRange`: scaled by γ^step. Default `triangular`; ignored when `scaleFn` is given.
   */
  readonly mode?: CyclicScheduleMode;
  /** `expRange`'s γ. Default 1. */
  readonly gamma?: number;
  /** A custom amplitude scaling, 0 ≤ scaleFn(x) ≤ 1, replacing the mode's. */
  readonly scaleFn?: (x: number) => number;
  /** What `scaleFn` takes: the cycle number (from 1) or the step. Default `cycle`. */
  readonly scaleMode?: 'cycle' | 'iterations';
}

/**
 * Cyclical values (Smith 2017, PyTorch's `CyclicLR`): the value climbs from `baseValue` to
 * `maxValue` over `stepSizeUp` steps and falls back over `stepSizeDown`, the amplitude scaled
 * by the mode:
 *
 *   cycle = ⌊1 + t/(U + D)⌋, x = 1 + t/(U + D) − cycle, r = U/(U + D)
 *   f = x/r if x ≤ r else (x − 1)/(r − 1)
 *   value(t) = base + (max − base)·f·scale(cycle or t)
 *
 * `maxValue` may be below `baseValue`: PyTorch cycles momentum that way, opposite to the rate.
 *
 * @example
 * ```ts
 * import { cyclicSchedule } from '@gradkit/optim';
 *
 * const schedule = cyclicSchedule(0.01, 0.1, { stepSizeUp: 10 });
 * schedule(0); // 0.01
 * schedule(10); // 0.1
 * schedule(20); // 0.01
 * ```
 */
export function cyclicSchedule(
  baseValue: number,
  maxValue: number,
  options: CyclicScheduleOptions = {},
): Schedule {
  const name = 'cyclicSchedule';
  finite(name, 'baseValue', baseValue);
  finite(name, 'maxValue', maxValue);
  const up = positive(name, 'stepSizeUp', options.stepSizeUp ?? 2000);
  const down = positive(name, 'stepSizeDown', options.stepSizeDown ?? up);
  const gamma = finite(name, 'gamma', options.gamma ?? 1);
  const { scale, scaleMode } = amplitudeScaling(name, options, gamma);
  const totalSize = up + down;
  const stepRatio = up / totalSize;
  return (count) => {
    const cycle = Math.floor(1 + count / totalSize);
    const x = 1 + count / totalSize - cycle;
    const factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    // (max − base)·f first, then the scale: PyTorch's order, so the values match its bits.
    return (
      baseValue + (maxValue - baseValue) * factor * scale(scaleMode === 'cycle' ? cycle : count)
    );
  };
}

function amplitudeScaling(
  name: string,
  options: CyclicScheduleOptions,
  gamma: number,
): { scale: (x: number) => number; scaleMode: 'cycle' | 'iterations' } {
  const scaleMode = options.scaleMode;
  if (scaleMode !== undefined && scaleMode !== 'cycle' && scaleMode !== 'iterations') {
    throw new ValueError(
      name,
      'scaleMode',
      `must be 'cycle' or 'iterations', got ${String(scaleMode)}`,
    );
  }
  if (options.scaleFn !== undefined) {
    if (typeof options.scaleFn !== 'function') {
      throw new ValueError(name, 'scaleFn', `must be a function, got ${String(options.scaleFn)}`);
    }
    return { scale: options.scaleFn, scaleMode: scaleMode ?? 'cycle' };
  }
  const mode = options.mode ?? 'triangular';
  if (mode === 'triangular') return { scale: () => 1, scaleMode: 'cycle' };
  if (mode === 'triangular2') return { scale: (x) => 1 / 2 ** (x - 1), scaleMode: 'cycle' };
  if (mode === 'expRange') return { scale: (x) => gamma ** x, scaleMode: 'iterations' };
  throw new ValueError(
    name,
    'mode',
    `must be 'triangular', 'triangular2' or 'expRange', got ${String(mode)}`,
  );
}
