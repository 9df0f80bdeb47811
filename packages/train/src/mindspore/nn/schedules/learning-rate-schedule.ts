import { scalar, Tensor } from '@gradkit/tensor';
import { Cell } from '../../../cell/cell.js';

/**
 * The base of the nn learning-rate schedules, as MindSpore's `nn.LearningRateSchedule`: a
 * cell called with the global step (counting from 0, a number or a scalar tensor) that returns
 * the learning rate as a float32 scalar tensor. An optimizer given one calls it once per step.
 *
 * Subclass it and either write `construct` in tensor ops, as in MindSpore, or implement
 * `rate(step)` in plain numbers (the built-in schedules do; `construct` then wraps it).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * class Halving extends nn.LearningRateSchedule {
 *   rate(step: number) { return 0.1 * 0.5 ** Math.floor(step / 10); }
 * }
 * const params = [new Parameter(tensor([1, 2]), 'w')];
 * const optimizer = new nn.Adam(params, { learningRate: new Halving() });
 * ```
 */
export abstract class LearningRateSchedule extends Cell<[number | Tensor], Tensor> {
  /** The rate at `step`, in float64 (construct rounds it to float32). */
  rate(_step: number): number {
    throw new Error(`${this.constructor.name}: implement rate(step) or construct(globalStep)`);
  }

  construct(globalStep: number | Tensor): Tensor {
    return scalar(this.rate(stepNumber(globalStep)));
  }
}

/**
 * The global step as a number (a scalar tensor is read back).
 *
 * For example, `stepNumber(3)` and `stepNumber(scalar(3, 'int32'))` are both 3.
 */
export function stepNumber(step: number | Tensor): number {
  return step instanceof Tensor ? (step.item() as number) : step;
}
