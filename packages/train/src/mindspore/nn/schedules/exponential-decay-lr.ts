import { StairDecayLR } from './stair-decay-lr.js';

/**
 * MindSpore's `nn.ExponentialDecayLR`: lr = learningRate · decayRate^p, p = step/decaySteps
 * (floored with `isStair`).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * const schedule = new nn.ExponentialDecayLR(0.1, 0.9, 4, { isStair: true });
 * schedule.rate(5); // 0.1·0.9^floor(5/4) = 0.09
 * ```
 */
export class ExponentialDecayLR extends StairDecayLR {
  override rate(step: number): number {
    return this.learningRate * this.decayRate ** this.progress(step);
  }
}
