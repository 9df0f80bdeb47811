import { decayArguments, decayProgress, type StairOptions } from './decay-options.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * MindSpore's `nn.InverseDecayLR`: lr = learningRate / (1 + decayRate·p), p as ExponentialDecayLR.
 *
 * @example
 * const schedule = new InverseDecayLR(0.1, 0.5, 4);
 * schedule.rate(8); // 0.1 / (1 + 0.5·2) = 0.05
 */
export class InverseDecayLR extends LearningRateSchedule {
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
    decayArguments('InverseDecayLR', learningRate, decayRate, decaySteps, options);
    this.learningRate = learningRate;
    this.decayRate = decayRate;
    this.decaySteps = decaySteps;
    this.isStair = options.isStair ?? false;
  }

  override rate(step: number): number {
    return (
      this.learningRate / (1 + this.decayRate * decayProgress(step, this.decaySteps, this.isStair))
    );
  }
}
