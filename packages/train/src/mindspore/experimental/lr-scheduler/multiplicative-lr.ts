import { LambdaScheduler, type LrLambda } from './lambda-lr.js';
import type { SchedulableOptimizer } from './lr-scheduler.js';

/**
 * lr ← lr · lrLambda(epoch) at every step after the first (PyTorch's `MultiplicativeLR`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.MultiplicativeLR(optimizer, () => 0.95);
 * ```
 */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(optimizer: SchedulableOptimizer, lrLambda: LrLambda | readonly LrLambda[]) {
    super('MultiplicativeLR', optimizer, lrLambda);
  }

  protected getLr(): number[] {
    if (this.lastEpoch <= 0) return this.currentLrs();
    return this.currentLrs().map((lr, i) => lr * this.lrLambdas[i]!(this.lastEpoch));
  }
}
