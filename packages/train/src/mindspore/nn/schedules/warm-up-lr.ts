import { linearSchedule, type Schedule } from '@gradkit/optim';
import { checkInteger, checkNonNegative } from '../validate.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * MindSpore's `nn.WarmUpLR`: lr = learningRate · min(step, warmupSteps)/warmupSteps.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * const params = [new Parameter(tensor([1, 2]), 'w')];
 * const optimizer = new nn.Adam(params, { learningRate: new nn.WarmUpLR(0.1, 4) });
 * optimizer.getLr(); // [0] at step 0, then 0.025, 0.05, 0.075, 0.1, 0.1, ...
 * ```
 */
export class WarmUpLR extends LearningRateSchedule {
  readonly learningRate: number;
  readonly warmupSteps: number;

  constructor(learningRate: number, warmupSteps: number) {
    super();
    this.learningRate = checkNonNegative('WarmUpLR', 'learningRate', learningRate);
    this.warmupSteps = checkInteger('WarmUpLR', 'warmupSteps', warmupSteps, 1);
  }

  override rate(step: number): number {
    this.#schedule ??= linearSchedule(0, this.learningRate, this.warmupSteps);
    return this.#schedule(step);
  }

  #schedule: Schedule | undefined;
}
