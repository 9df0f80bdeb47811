import { cosineFactor } from './factors.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  /** Default 0. */
  readonly etaMin?: number;
}

/**
 * Cosine annealing from each group's initial lr to `etaMin` over `tMax` epochs (PyTorch's
 * `CosineAnnealingLR`). It is PyTorch's recursive form, quirks included: past `tMax` the lr
 * climbs back up (a cosine of period 2·tMax), and an lr changed from outside is annealed
 * from its new value. Closed form (with `step(epoch)`):
 * η = ηmin + (η0 − ηmin)·(1 + cos(π·epoch/tMax))/2.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.CosineAnnealingLR(optimizer, 100, { etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(
    optimizer: SchedulableOptimizer,
    tMax: number,
    options: CosineAnnealingLROptions = {},
  ) {
    super(optimizer, 'CosineAnnealingLR');
    this.tMax = tMax;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch: epoch, tMax, etaMin } = this;
    if (epoch === 0) return this.currentLrs();
    if (this.stepCount === 1 && epoch > 0) return this.closedFormLr();
    const previous = cosineFactor(epoch - 1, tMax);
    // From the bottom of the cosine, PyTorch climbs by the first step's drop of the base lr.
    if (previous === 0) {
      const rise = 1 - cosineFactor(1, tMax);
      return this.currentLrs().map((lr, i) => lr + (this.baseLrs[i]! - etaMin) * rise);
    }
    const ratio = cosineFactor(epoch, tMax) / previous;
    return this.currentLrs().map((lr) => ratio * (lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    const factor = cosineFactor(this.lastEpoch, this.tMax);
    return this.baseLrs.map((base) => this.etaMin + (base - this.etaMin) * factor);
  }
}
