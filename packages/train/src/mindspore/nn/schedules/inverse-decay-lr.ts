import { inverseTimeDecaySchedule, type Schedule } from '@gradkit/optim';
import { StairDecayLR } from './stair-decay-lr.js';

/**
 * MindSpore's `nn.InverseDecayLR`: lr = learningRate / (1 + decayRate·p), p as ExponentialDecayLR.
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * const schedule = new nn.InverseDecayLR(0.1, 0.5, 4);
 * schedule.rate(8); // 0.1 / (1 + 0.5·2) = 0.05
 * ```
 */
export class InverseDecayLR extends StairDecayLR {
  override rate(step: number): number {
    this.#schedule ??= inverseTimeDecaySchedule(
      this.learningRate,
      this.decaySteps,
      this.decayRate,
      {
        staircase: this.isStair,
      },
    );
    return this.#schedule(step);
  }

  #schedule: Schedule | undefined;
}
