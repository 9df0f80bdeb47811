import { decayArguments, decayProgress, type StairOptions } from './decay-options.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * MindSpore's `nn.NaturalExpDecayLR` as documented: lr = learningRate · e^(−decayRate·p) with
 * p = step/decaySteps (floored with `isStair`). MindSpore's cell itself computes p = step, and
 * ⌊step/decaySteps⌋·decaySteps with is_stair, unlike its documentation; this follows the
 * documentation (the `naturalExpDecayLr` list helper has no division, as documented there).
 *
 * @example
 * const schedule = new NaturalExpDecayLR(0.1, 0.9, 4, { isStair: true });
 * schedule.rate(5); // 0.1·e^(−0.9·1)
 */
export class NaturalExpDecayLR extends LearningRateSchedule {
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
    decayArguments('NaturalExpDecayLR', learningRate, decayRate, decaySteps, options);
    this.learningRate = learningRate;
    this.decayRate = decayRate;
    this.decaySteps = decaySteps;
    this.isStair = options.isStair ?? false;
  }

  override rate(step: number): number {
    return (
      this.learningRate *
      Math.exp(-this.decayRate * decayProgress(step, this.decaySteps, this.isStair))
    );
  }
}
