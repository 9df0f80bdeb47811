import { constantSchedule, joinSchedules, type Schedule } from '@gradkit/optim';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { checkUnitFactor } from './unit-factor.js';

export interface ConstantLROptions {
  /** Default 1/3. */
  readonly factor?: number;
  /** Default 5. */
  readonly totalIters?: number;
}

/**
 * Multiplies each group's lr by `factor` until epoch `totalIters`, then restores it
 * (PyTorch's `ConstantLR`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.ConstantLR(optimizer, { factor: 0.5, totalIters: 4 });
 * scheduler.getLastLr(); // [0.05] for the first 4 epochs, then [0.1]
 * ```
 */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options: ConstantLROptions = {}) {
    const factor = checkUnitFactor(
      'ConstantLR',
      'factor',
      options.factor ?? 1 / 3,
      'Constant multiplicative factor',
    );
    super(optimizer, 'ConstantLR');
    this.factor = factor;
    this.totalIters = options.totalIters ?? 5;
    this.initialStep();
  }

  /** `factor` until `totalIters`, then 1. */
  private factorSchedule(): Schedule {
    return joinSchedules([constantSchedule(this.factor), constantSchedule(1)], [this.totalIters]);
  }

  protected getLr(): number[] {
    // PyTorch applies the factor at epoch 0 even when totalIters is 0.
    if (this.lastEpoch === 0) return this.currentLrs().map((lr) => lr * this.factor);
    return this.chainedLrs(this.factorSchedule());
  }

  protected override closedFormLr(): number[] {
    return this.scaledBaseLrs(this.factorSchedule());
  }
}
