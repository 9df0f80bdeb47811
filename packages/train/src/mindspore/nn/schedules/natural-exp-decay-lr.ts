import { naturalExpDecaySchedule, type Schedule } from '@gradkit/optim';
import { StairDecayLR } from './stair-decay-lr.js';

/**
 * MindSpore's `nn.NaturalExpDecayLR` as documented: lr = learningRate · e^(−decayRate·p) with
 * p = step/decaySteps (floored with `isStair`). MindSpore's cell itself computes p = step, and
 * ⌊step/decaySteps⌋·decaySteps with is_stair, unlike its documentation; this follows the
 * documentation (the `naturalExpDecayLr` list helper has no division, as documented there).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * const schedule = new nn.NaturalExpDecayLR(0.1, 0.9, 4, { isStair: true });
 * schedule.rate(5); // 0.1·e^(−0.9·1) ≈ 0.0407
 * ```
 */
export class NaturalExpDecayLR extends StairDecayLR {
  override rate(step: number): number {
    this.#schedule ??= naturalExpDecaySchedule(this.learningRate, this.decaySteps, this.decayRate, {
      staircase: this.isStair,
    });
    return this.#schedule(step);
  }

  #schedule: Schedule | undefined;
}
