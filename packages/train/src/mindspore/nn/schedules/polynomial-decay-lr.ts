import { polynomialSchedule, type Schedule } from '@gradkit/optim';
import { checkBoolean, checkInteger, checkNonNegative, checkPositive } from '../validate.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

/** Options of PolynomialDecayLR. */
export interface PolynomialDecayLROptions {
  /** Stretch decaySteps to the next multiple past the step (a cycling decay); default false. */
  readonly updateDecaySteps?: boolean;
}

/**
 * MindSpore's `nn.PolynomialDecayLR`: lr = (learningRate − endLearningRate)·(1 − p)^power +
 * endLearningRate with p = min(step, decaySteps)/decaySteps, or with `updateDecaySteps`
 * p = step/(decaySteps·max(⌈step/decaySteps⌉, 1)).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * const schedule = new nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5);
 * schedule.rate(2); // 0.09·√0.5 + 0.01 ≈ 0.0736
 * ```
 */
export class PolynomialDecayLR extends LearningRateSchedule {
  readonly learningRate: number;
  readonly endLearningRate: number;
  readonly decaySteps: number;
  readonly power: number;
  readonly updateDecaySteps: boolean;

  constructor(
    learningRate: number,
    endLearningRate: number,
    decaySteps: number,
    power: number,
    options: PolynomialDecayLROptions = {},
  ) {
    super();
    const op = 'PolynomialDecayLR';
    this.learningRate = checkNonNegative(op, 'learningRate', learningRate);
    this.endLearningRate = checkNonNegative(op, 'endLearningRate', endLearningRate);
    this.decaySteps = checkInteger(op, 'decaySteps', decaySteps, 1);
    this.power = checkPositive(op, 'power', power);
    this.updateDecaySteps = checkBoolean(op, 'updateDecaySteps', options.updateDecaySteps ?? false);
  }

  override rate(step: number): number {
    this.#schedule ??= polynomialSchedule(
      this.learningRate,
      this.endLearningRate,
      this.power,
      this.decaySteps,
      { cycle: this.updateDecaySteps },
    );
    return this.#schedule(step);
  }

  #schedule: Schedule | undefined;
}
