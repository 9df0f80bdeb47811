import { decayFactor } from './factors.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface StepLROptions {
  /** Default 0.1. */
  readonly gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs (PyTorch's `StepLR`);
 * closed form lr = initialLr·γ^⌊epoch/stepSize⌋.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.StepLR(optimizer, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // ...one epoch of optimizer.step() calls...
 *   scheduler.step();
 * }
 * ```
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, stepSize: number, options: StepLROptions = {}) {
    super(optimizer, 'StepLR');
    this.stepSize = stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.scaledBaseLrs(decayFactor(this.stepSize, this.gamma, true));
  }
}
