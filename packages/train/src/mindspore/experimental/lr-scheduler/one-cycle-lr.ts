import { linearSchedule } from '@gradkit/optim';
import { invalidValue } from '../errors.js';
import { hasDefault } from './cyclic-lr.js';
import { cosineFactor } from './factors.js';
import {
  checkOptimizer,
  LRScheduler,
  perGroup,
  type SchedulableOptimizer,
} from './lr-scheduler.js';

export interface OneCycleLROptions {
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  readonly totalSteps?: number;
  readonly epochs?: number;
  readonly stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr; default 0.3. */
  readonly pctStart?: number;
  /** Default 'cos'. */
  readonly annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or beta1) inversely to lr; default true. */
  readonly cycleMomentum?: boolean;
  /** Default 0.85. */
  readonly baseMomentum?: number | readonly number[];
  /** Default 0.95. */
  readonly maxMomentum?: number | readonly number[];
  /** initialLr = maxLr/divFactor; default 25. */
  readonly divFactor?: number;
  /** minLr = initialLr/finalDivFactor; default 1e4. */
  readonly finalDivFactor?: number;
  /** Three phases as in the paper instead of fastai's two; default false. */
  readonly threePhase?: boolean;
}

type Phase = {
  readonly endStep: number;
  readonly startLr: string;
  readonly endLr: string;
  readonly startMomentum: string;
  readonly endMomentum: string;
};

/**
 * The 1cycle policy (Smith & Topin 2018; PyTorch's `OneCycleLR`): lr rises from
 * maxLr/divFactor to maxLr over pctStart of the steps, then anneals to
 * initialLr/finalDivFactor; momentum (or Adam's beta1) moves the other way between
 * maxMomentum and baseMomentum. Stepping more than totalSteps times is an error. Sets each
 * group's `initialLr`, `maxLr`, `minLr` (and `maxMomentum`, `baseMomentum`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { lrScheduler, Parameter, SGD } from '@gradkit/train/torch';
 *
 * const optimizer = new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
 * const scheduler = new lrScheduler.OneCycleLR(optimizer, 0.01, { epochs: 10, stepsPerEpoch: 100 });
 * ```
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly phases: readonly Phase[];
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  readonly useBeta1: boolean;

  constructor(
    optimizer: SchedulableOptimizer,
    maxLr: number | readonly number[],
    options: OneCycleLROptions = {},
  ) {
    const name = 'OneCycleLR';
    checkOptimizer(name, optimizer);
    const { totalSteps, epochs, stepsPerEpoch } = options;
    let total: number;
    if (totalSteps === undefined && epochs === undefined && stepsPerEpoch === undefined) {
      throw invalidValue(
        name,
        'totalSteps',
        'You must define either total_steps OR (epochs AND steps_per_epoch)',
      );
    } else if (totalSteps !== undefined) {
      if (!Number.isInteger(totalSteps) || totalSteps <= 0) {
        throw invalidValue(
          name,
          'totalSteps',
          `Expected positive integer total_steps, but got ${totalSteps}`,
        );
      }
      total = totalSteps;
    } else {
      if (epochs === undefined || !Number.isInteger(epochs) || epochs <= 0) {
        throw invalidValue(name, 'epochs', `Expected positive integer epochs, but got ${epochs}`);
      }
      if (stepsPerEpoch === undefined || !Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0) {
        throw invalidValue(
          name,
          'stepsPerEpoch',
          `Expected positive integer steps_per_epoch, but got ${stepsPerEpoch}`,
        );
      }
      total = epochs * stepsPerEpoch;
    }
    const pctStart = options.pctStart ?? 0.3;
    if (!(typeof pctStart === 'number' && pctStart >= 0 && pctStart <= 1)) {
      throw invalidValue(
        name,
        'pctStart',
        `Expected float between 0 and 1 pct_start, but got ${pctStart}`,
      );
    }
    const annealStrategy = options.annealStrategy ?? 'cos';
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw invalidValue(
        name,
        'annealStrategy',
        `anneal_strategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`,
      );
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    const useBeta1 = hasDefault(optimizer, 'betas');
    if (cycleMomentum && !hasDefault(optimizer, 'momentum') && !useBeta1) {
      throw invalidValue(
        name,
        'cycleMomentum',
        'optimizer must support momentum with `cycle_momentum` option enabled',
      );
    }
    const maxLrs = perGroup(name, 'max_lr', optimizer, maxLr);
    const maxMomentums = cycleMomentum
      ? perGroup(name, 'max_momentum', optimizer, options.maxMomentum ?? 0.95)
      : [];
    const baseMomentums = cycleMomentum
      ? perGroup(name, 'base_momentum', optimizer, options.baseMomentum ?? 0.85)
      : [];
    const divFactor = options.divFactor ?? 25;
    const finalDivFactor = options.finalDivFactor ?? 1e4;
    optimizer.paramGroups.forEach((group, i) => {
      group.initialLr = maxLrs[i]! / divFactor;
      group.maxLr = maxLrs[i]!;
      group.minLr = (group.initialLr as number) / finalDivFactor;
      if (cycleMomentum) {
        if (useBeta1) group.betas = [maxMomentums[i]!, ...(group.betas as number[]).slice(1)];
        else group.momentum = maxMomentums[i]!;
        group.maxMomentum = maxMomentums[i]!;
        group.baseMomentum = baseMomentums[i]!;
      }
    });
    super(optimizer, name);
    this.totalSteps = total;
    const up = pctStart * total - 1;
    this.phases = options.threePhase
      ? [
          {
            endStep: up,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: 2 * pctStart * total - 2,
            startLr: 'maxLr',
            endLr: 'initialLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
          {
            endStep: total - 1,
            startLr: 'initialLr',
            endLr: 'minLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'maxMomentum',
          },
        ]
      : [
          {
            endStep: up,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: total - 1,
            startLr: 'maxLr',
            endLr: 'minLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
        ];
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return linearSchedule(start, end, 1)(pct);
    return end + (start - end) * cosineFactor(pct, 1);
  }

  protected getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw invalidValue(
        'OneCycleLR',
        'step',
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]!;
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            momentum = this.anneal(
              group[phase.startMomentum] as number,
              group[phase.endMomentum] as number,
              pct,
            );
          }
          break;
        }
        startStep = phase.endStep;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
        else group.momentum = momentum;
      }
      return lr;
    });
  }
}
