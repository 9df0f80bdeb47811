import { decayArguments, decayProgress, type StairOptions } from './decay-options.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * The shape ExponentialDecayLR, InverseDecayLR and NaturalExpDecayLR share: checked
 * `(learningRate, decayRate, decaySteps, { isStair })` and the progress p = step/decaySteps
 * (floored with `isStair`); each subclass only writes its formula in `rate`.
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 * class HalvingLR extends nn.StairDecayLR {
 *   override rate(step: number) {
 *     return this.learningRate * 0.5 ** this.progress(step);
 *   }
 * }
 * new HalvingLR(0.1, 0, 10).rate(20); // 0.025
 * ```
 */
export abstract class StairDecayLR extends LearningRateSchedule {
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
    const checked = decayArguments(new.target.name, learningRate, decayRate, decaySteps, options);
    this.learningRate = checked.learningRate;
    this.decayRate = checked.decayRate;
    this.decaySteps = checked.decaySteps;
    this.isStair = checked.isStair;
  }

  /** p = step/decaySteps, floored with `isStair`. */
  protected progress(step: number): number {
    return decayProgress(step, this.decaySteps, this.isStair);
  }
}
