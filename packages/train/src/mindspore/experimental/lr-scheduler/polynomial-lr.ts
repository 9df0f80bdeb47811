import { polynomialSchedule, type Schedule } from '@gradkit/optim';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface PolynomialLROptions {
  /** Default 5. */
  readonly totalIters?: number;
  /** Default 1. */
  readonly power?: number;
}

/**
 * Decays each group's lr as (1 − epoch/totalIters)^power, reaching 0 at `totalIters`
 * (PyTorch's `PolynomialLR`, recursive form).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.PolynomialLR(optimizer, { totalIters: 4, power: 1 });
 * ```
 */
export class PolynomialLR extends LRScheduler {
  readonly totalIters: number;
  readonly power: number;

  constructor(optimizer: SchedulableOptimizer, options: PolynomialLROptions = {}) {
    super(optimizer, 'PolynomialLR');
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1;
    this.initialStep();
  }

  /** (1 − min(epoch, totalIters)/totalIters)^power. */
  private factorSchedule(): Schedule {
    return polynomialSchedule(1, 0, this.power, this.totalIters);
  }

  protected getLr(): number[] {
    return this.chainedLrs(this.factorSchedule());
  }

  protected override closedFormLr(): number[] {
    return this.scaledBaseLrs(this.factorSchedule());
  }
}
