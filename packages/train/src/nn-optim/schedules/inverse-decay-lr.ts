import { decayArguments, decayProgress, type StairOptions } from './decay-options.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/** MindSpore's `nn.InverseDecayLR`: lr = learningRate / (1 + decayRate·p), p as ExponentialDecayLR. */
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
