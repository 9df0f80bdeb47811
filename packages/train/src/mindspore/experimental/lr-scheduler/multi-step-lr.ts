import { piecewiseConstantSchedule } from '@gradkit/optim';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface MultiStepLROptions {
  /** Default 0.1. */
  readonly gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` at each milestone epoch; a milestone listed twice
 * multiplies by γ² (PyTorch's `MultiStepLR`, which counts them).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.MultiStepLR(optimizer, [30, 80], { gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone epoch → how many times it is listed. */
  readonly milestones: Map<number, number>;
  readonly gamma: number;

  constructor(
    optimizer: SchedulableOptimizer,
    milestones: readonly number[],
    options: MultiStepLROptions = {},
  ) {
    super(optimizer, 'MultiStepLR');
    this.milestones = new Map();
    for (const m of milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected getLr(): number[] {
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    const scales: Record<number, number> = {};
    for (const [m, count] of this.milestones) scales[m] = this.gamma ** count;
    return this.scaledBaseLrs(piecewiseConstantSchedule(1, scales));
  }
}
