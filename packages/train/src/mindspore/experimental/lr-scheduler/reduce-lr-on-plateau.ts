import { Tensor } from '@gradkit/tensor';
import { invalidValue } from '../errors.js';
import { checkOptimizer, perGroup, type SchedulableOptimizer } from './lr-scheduler.js';

export interface ReduceLROnPlateauOptions {
  /** 'min' (the metric should fall) or 'max'; default 'min'. */
  readonly mode?: 'min' | 'max';
  /** lr ← lr·factor on a plateau; default 0.1, must be < 1. */
  readonly factor?: number;
  /** Epochs without improvement tolerated; default 10. */
  readonly patience?: number;
  /** Default 1e-4. */
  readonly threshold?: number;
  /** 'rel' (best·(1 ∓ threshold)) or 'abs' (best ∓ threshold); default 'rel'. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction; default 0. */
  readonly cooldown?: number;
  /** Lower bound per group, or one for all; default 0. */
  readonly minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped; default 1e-8. */
  readonly eps?: number;
}

/**
 * Reduces each group's lr by `factor` when a metric has not improved for more than
 * `patience` epochs (PyTorch's `ReduceLROnPlateau`): `scheduler.step(validationLoss)`.
 * `getLastLr()` is the groups' lr (before any step, their current values).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.ReduceLROnPlateau(optimizer, { factor: 0.5, patience: 3 });
 * const validationLoss = 0.42;
 * scheduler.step(validationLoss);
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: SchedulableOptimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  #lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const name = 'ReduceLROnPlateau';
    const factor = options.factor ?? 0.1;
    if (factor >= 1) throw invalidValue(name, 'factor', 'Factor should be < 1.0.');
    this.optimizer = checkOptimizer(name, optimizer);
    this.minLrs = perGroup(name, 'min_lr', optimizer, options.minLr ?? 0);
    this.mode = options.mode ?? 'min';
    this.thresholdMode = options.thresholdMode ?? 'rel';
    if (this.mode !== 'min' && this.mode !== 'max') {
      throw invalidValue(name, 'mode', `mode ${this.mode} is unknown!`);
    }
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw invalidValue(name, 'thresholdMode', `threshold mode ${this.thresholdMode} is unknown!`);
    }
    this.factor = factor;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    this.best = this.worst;
    this.#lastLr = optimizer.paramGroups.map((group) => group.lr);
  }

  private get worst(): number {
    return this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Records this epoch's metric (a number or a one-element tensor) and reduces lr on a plateau. */
  step(metrics: number | Tensor): void {
    const current = metrics instanceof Tensor ? Number(metrics.item()) : Number(metrics);
    this.lastEpoch++;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.inCooldown) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((group, i) => {
        const next = Math.max(group.lr * this.factor, this.minLrs[i]!);
        if (group.lr - next > this.eps) group.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.#lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  stateDict(): Record<string, unknown> {
    const { best, numBadEpochs, cooldownCounter, lastEpoch } = this;
    return { best, numBadEpochs, cooldownCounter, lastEpoch, lastLr: this.getLastLr() };
  }

  loadStateDict(state: Readonly<Record<string, unknown>>): void {
    this.best = state.best as number;
    this.numBadEpochs = state.numBadEpochs as number;
    this.cooldownCounter = state.cooldownCounter as number;
    this.lastEpoch = state.lastEpoch as number;
    this.#lastLr = [...(state.lastLr as number[])];
  }
}
