import { cosineDecaySchedule, type Schedule } from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import { checkInteger, checkNonNegative } from '../validate.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * MindSpore's `nn.CosineDecayLR`: lr = minLr + ½(maxLr − minLr)(1 + cos(π·p)),
 * p = min(step, decaySteps)/decaySteps.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * const schedule = new nn.CosineDecayLR(0.01, 0.1, 4);
 * schedule.rate(2); // 0.055
 * const params = [new Parameter(tensor([1, 2]), 'w')];
 * const optimizer = new nn.Momentum(params, { learningRate: schedule, momentum: 0.9 });
 * ```
 */
export class CosineDecayLR extends LearningRateSchedule {
  readonly minLr: number;
  readonly maxLr: number;
  readonly decaySteps: number;

  constructor(minLr: number, maxLr: number, decaySteps: number) {
    super();
    const op = 'CosineDecayLR';
    this.minLr = checkNonNegative(op, 'minLr', minLr);
    this.maxLr = checkNonNegative(op, 'maxLr', maxLr);
    if (minLr >= maxLr)
      throw new ValueError(op, 'maxLr', `must be > minLr (${minLr}), got ${maxLr}`);
    this.decaySteps = checkInteger(op, 'decaySteps', decaySteps, 1);
  }

  override rate(step: number): number {
    // minLr + ½(maxLr − minLr)(1 + cos πp) is Optax's cosine decay from maxLr to a floor of
    // alpha = minLr/maxLr of it.
    this.#schedule ??= cosineDecaySchedule(this.maxLr, this.decaySteps, {
      alpha: this.minLr / this.maxLr,
    });
    return this.#schedule(step);
  }

  #schedule: Schedule | undefined;
}
