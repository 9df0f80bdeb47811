import { decayArguments, decayProgress, type StairOptions } from './decay-options.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * MindSpore's `nn.ExponentialDecayLR`: lr = learningRate · decayRate^p, p = step/decaySteps
 * (floored with `isStair`).
 *
 * @example
 * const schedule = new ExponentialDecayLR(0.1, 0.9, 4, { isStair: true });
 */
export class ExponentialDecayLR extends LearningRateSchedule {
  readonly learningRate: number;
  readonly decayRate: number;
  readonly decaySteps: number;
  readonly isStair: boolean;

  constructor(
    learningRate: number,
    decayRate: number,
    decaySteps: number,
    options: StairOptions = {},
  ) {
    super();
    decayArguments('ExponentialDecayLR', learningRate, decayRate, decaySteps, options);
    this.learningRate = learningRate;
    this.decayRate = decayRate;
    this.decaySteps = decaySteps;
    this.isStair = options.isStair ?? false;
  }

  override rate(step: number): number {
    return this.learningRate * this.decayRate ** decayProgress(step, this.decaySteps, this.isStair);
  }
}
