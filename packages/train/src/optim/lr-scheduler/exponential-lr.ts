import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

/**
 * Multiplies each group's lr by `gamma` every epoch (PyTorch's `ExponentialLR`); closed form
 * lr = initialLr·γ^epoch.
 *
 * @example
 * const scheduler = new ExponentialLR(optimizer, 0.9);
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, gamma: number) {
    super(optimizer, 'ExponentialLR');
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
