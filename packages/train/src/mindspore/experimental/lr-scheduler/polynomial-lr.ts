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

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch > this.totalIters) return this.currentLrs();
    const factor =
      ((1 - this.lastEpoch / this.totalIters) / (1 - (this.lastEpoch - 1) / this.totalIters)) **
      this.power;
    return this.currentLrs().map((lr) => lr * factor);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (lr) => lr * (1 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power,
    );
  }
}
