import { cyclicSchedule, type Schedule } from '@gradkit/optim';
import { invalidValue } from '../errors.js';
import {
  checkOptimizer,
  LRScheduler,
  perGroup,
  type SchedulableOptimizer,
} from './lr-scheduler.js';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

export interface CyclicLROptions {
  /** Iterations in the increasing half of a cycle; default 2000. */
  readonly stepSizeUp?: number;
  /** Iterations in the decreasing half; default stepSizeUp. */
  readonly stepSizeDown?: number;
  /** Default 'triangular'; ignored when `scaleFn` is given. */
  readonly mode?: CyclicMode;
  /** exp_range's γ^iterations; default 1. */
  readonly gamma?: number;
  /** A custom amplitude scaling, 0 ≤ scaleFn(x) ≤ 1. */
  readonly scaleFn?: (x: number) => number;
  /** What scaleFn takes: the cycle number or the iteration; default 'cycle'. */
  readonly scaleMode?: 'cycle' | 'iterations';
  /** Cycle momentum inversely to lr; default true (needs an optimizer with momentum). */
  readonly cycleMomentum?: boolean;
  /** Default 0.8. */
  readonly baseMomentum?: number | readonly number[];
  /** Default 0.9. */
  readonly maxMomentum?: number | readonly number[];
}

/**
 * Cyclical learning rates (Smith 2017; PyTorch's `CyclicLR`): lr goes between `baseLr` and
 * `maxLr` in triangles of stepSizeUp + stepSizeDown iterations, the amplitude scaled by the
 * mode (`triangular2` halves it each cycle, `exp_range` multiplies by γ^iteration); momentum
 * (the group's `momentum`) goes the opposite way between maxMomentum and baseMomentum.
 * Step it after every batch.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.CyclicLR(optimizer, 0.01, 0.1, { stepSizeUp: 2000 });
 * ```
 */
export class CyclicLR extends LRScheduler {
  readonly maxLrs: number[];
  readonly totalSize: number;
  readonly stepRatio: number;
  readonly mode: CyclicMode;
  readonly gamma: number;
  readonly scaleMode: 'cycle' | 'iterations';
  readonly cycleMomentum: boolean;
  readonly baseMomentums: number[] = [];
  readonly maxMomentums: number[] = [];
  readonly #lrSchedules: Schedule[];
  readonly #momentumSchedules: Schedule[] = [];

  constructor(
    optimizer: SchedulableOptimizer,
    baseLr: number | readonly number[],
    maxLr: number | readonly number[],
    options: CyclicLROptions = {},
  ) {
    const name = 'CyclicLR';
    checkOptimizer(name, optimizer);
    const baseLrs = perGroup(name, 'base_lr', optimizer, baseLr);
    const mode = options.mode ?? 'triangular';
    if (
      !['triangular', 'triangular2', 'exp_range'].includes(mode) &&
      options.scaleFn === undefined
    ) {
      throw invalidValue(name, 'mode', 'mode is invalid and scale_fn is None');
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    if (cycleMomentum && !hasDefault(optimizer, 'momentum')) {
      throw invalidValue(
        name,
        'cycleMomentum',
        'optimizer must support momentum with `cycle_momentum` option enabled',
      );
    }
    baseLrs.forEach((lr, i) => {
      optimizer.paramGroups[i]!.lr = lr;
    });
    super(optimizer, name);
    this.maxLrs = perGroup(name, 'max_lr', optimizer, maxLr);
    const up = options.stepSizeUp ?? 2000;
    const down = options.stepSizeDown ?? up;
    for (const [argument, steps] of [
      ['stepSizeUp', up],
      ['stepSizeDown', down],
    ] as const) {
      if (!(steps > 0) || !Number.isFinite(steps)) {
        throw invalidValue(
          name,
          argument,
          `${argument} must be a finite number > 0, got ${String(steps)}`,
        );
      }
    }
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = mode;
    this.gamma = options.gamma ?? 1;
    this.scaleMode =
      options.scaleFn !== undefined
        ? (options.scaleMode ?? 'cycle')
        : mode === 'exp_range'
          ? 'iterations'
          : 'cycle';
    // One formula for rate and momentum: optim's schedule of the step, per group.
    const cycling = {
      stepSizeUp: up,
      stepSizeDown: down,
      mode: mode === 'exp_range' ? ('expRange' as const) : mode,
      gamma: this.gamma,
      ...(options.scaleFn === undefined ? {} : { scaleFn: options.scaleFn }),
      scaleMode: this.scaleMode,
    };
    this.#lrSchedules = baseLrs.map((base, i) => cyclicSchedule(base, this.maxLrs[i]!, cycling));
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) {
      const base = perGroup(name, 'base_momentum', optimizer, options.baseMomentum ?? 0.8);
      base.forEach((m, i) => {
        optimizer.paramGroups[i]!.momentum = m;
      });
      this.baseMomentums = base;
      this.maxMomentums = perGroup(name, 'max_momentum', optimizer, options.maxMomentum ?? 0.9);
      // Momentum runs opposite to the rate: from its maximum down to its base.
      this.#momentumSchedules = this.maxMomentums.map((max, i) =>
        cyclicSchedule(max, this.baseMomentums[i]!, cycling),
      );
    }
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  protected getLr(): number[] {
    if (this.cycleMomentum) {
      this.optimizer.paramGroups.forEach((group, i) => {
        group.momentum = this.#momentumSchedules[i]!(this.lastEpoch);
      });
    }
    return this.#lrSchedules.map((schedule) => schedule(this.lastEpoch));
  }
}

/** Whether the optimizer has the hyperparameter (in `defaults`, else in its first group). */
export function hasDefault(optimizer: SchedulableOptimizer, key: string): boolean {
  if (optimizer.defaults !== undefined) return key in optimizer.defaults;
  return optimizer.paramGroups[0] !== undefined && key in optimizer.paramGroups[0];
}
