import { invalidValue } from '../errors.js';
import { cosineFactor } from './factors.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface CosineAnnealingWarmRestartsOptions {
  /** Each period is tMult times the previous; an integer ≥ 1, default 1. */
  readonly tMult?: number;
  /** Default 0. */
  readonly etaMin?: number;
}

/**
 * SGDR: cosine annealing from the initial lr to `etaMin` over t0 epochs, then a restart,
 * each period `tMult` times longer (PyTorch's `CosineAnnealingWarmRestarts`).
 * η = ηmin + (η0 − ηmin)·(1 + cos(π·Tcur/Ti))/2. `step(epoch)` takes fractional epochs
 * (`epoch + i / iters` within an epoch).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.CosineAnnealingWarmRestarts(optimizer, 10, { tMult: 2 });
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly t0: number;
  tI: number;
  readonly tMult: number;
  readonly etaMin: number;
  tCur: number;

  constructor(
    optimizer: SchedulableOptimizer,
    t0: number,
    options: CosineAnnealingWarmRestartsOptions = {},
  ) {
    const name = 'CosineAnnealingWarmRestarts';
    const tMult = options.tMult ?? 1;
    if (!Number.isInteger(t0) || t0 <= 0) {
      throw invalidValue(name, 't0', `Expected positive integer T_0, but got ${t0}`);
    }
    if (!Number.isInteger(tMult) || tMult < 1) {
      throw invalidValue(name, 'tMult', `Expected integer T_mult >= 1, but got ${tMult}`);
    }
    super(optimizer, name);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = options.etaMin ?? 0;
    this.tCur = -1;
    this.initialStep();
  }

  protected getLr(): number[] {
    const factor = cosineFactor(this.tCur, this.tI);
    return this.baseLrs.map((base) => this.etaMin + (base - this.etaMin) * factor);
  }

  override step(epoch?: number): void {
    this.stepCount++;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) {
        throw invalidValue(
          'CosineAnnealingWarmRestarts',
          'epoch',
          `Expected non-negative epoch, but got ${epoch}`,
        );
      }
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = epoch % this.t0;
        } else {
          const n = Math.trunc(
            Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult),
          );
          this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]!;
    });
    this.lastLr = this.currentLrs();
  }
}
