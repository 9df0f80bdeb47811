import { linearSchedule, type Schedule } from '@gradkit/optim';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { checkUnitFactor } from './unit-factor.js';

export interface LinearLROptions {
  /** Default 1/3. */
  readonly startFactor?: number;
  /** Default 1. */
  readonly endFactor?: number;
  /** Default 5. */
  readonly totalIters?: number;
}

/**
 * Scales each group's lr by a factor going linearly from `startFactor` to `endFactor` over
 * `totalIters` epochs (PyTorch's `LinearLR`, recursive form).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.LinearLR(optimizer, { startFactor: 0.5, totalIters: 4 });
 * ```
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options: LinearLROptions = {}) {
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1;
    checkUnitFactor('LinearLR', 'startFactor', startFactor, 'Starting multiplicative factor');
    checkUnitFactor('LinearLR', 'endFactor', endFactor, 'Ending multiplicative factor');
    super(optimizer, 'LinearLR');
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = options.totalIters ?? 5;
    this.initialStep();
  }

  /** From `startFactor` to `endFactor` over `totalIters` epochs, then `endFactor`. */
  private factorSchedule(): Schedule {
    return linearSchedule(this.startFactor, this.endFactor, this.totalIters);
  }

  protected getLr(): number[] {
    return this.chainedLrs(this.factorSchedule());
  }

  protected override closedFormLr(): number[] {
    return this.scaledBaseLrs(this.factorSchedule());
  }
}
