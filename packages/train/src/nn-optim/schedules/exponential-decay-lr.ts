import { StairDecayLR } from './stair-decay-lr.js';

/**
 * MindSpore's `nn.ExponentialDecayLR`: lr = learningRate · decayRate^p, p = step/decaySteps
 * (floored with `isStair`).
 *
 * @example
 * const schedule = new ExponentialDecayLR(0.1, 0.9, 4, { isStair: true });
 */
export class ExponentialDecayLR extends StairDecayLR {
  override rate(step: number): number {
    return this.learningRate * this.decayRate ** this.progress(step);
  }
}
