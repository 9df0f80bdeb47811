import { decayFactor } from './factors.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

/**
 * Multiplies each group's lr by `gamma` every epoch (PyTorch's `ExponentialLR`); closed form
 * lr = initialLr·γ^epoch.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.ExponentialLR(optimizer, 0.9);
 * scheduler.step();
 * scheduler.getLastLr(); // [0.09]
 * ```
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
    return this.scaledBaseLrs(decayFactor(1, this.gamma, false));
  }
}
