import { type Tensor, ValueError } from '@gradkit/tensor';
import { Metric } from './metric.js';

/**
 * The mean of the batch losses, as MindSpore's `nn.Loss` (a batch loss of rank 1 is averaged first).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, Loss, Model, nn, SoftmaxCrossEntropyWithLogits } from '@gradkit/train';
 *
 * const net = new Dense(4, 3);
 * const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true });
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.1 });
 * const data = {
 *   *[Symbol.iterator]() {
 *     yield [tensor([[1, 2, 3, 4]]), tensor([2], undefined, 'int32')] as const;
 *   },
 * };
 * const model = new Model(net, { lossFn, optimizer, metrics: { loss: new Loss() } });
 * model.eval(data); // { loss: ... }, the mean batch loss
 * ```
 */
export class Loss extends Metric {
  #sum = 0;
  #count = 0;

  clear(): void {
    this.#sum = 0;
    this.#count = 0;
  }

  update(loss: Tensor): void {
    if (loss.rank > 1)
      throw new ValueError('Loss.update', 'loss', `must be a scalar or 1-D, got rank ${loss.rank}`);
    const values = loss.dataSync();
    this.#sum += Array.from(values).reduce((a, b) => a + b, 0) / values.length;
    this.#count++;
  }

  eval(): number {
    if (this.#count === 0)
      throw new ValueError('Loss.eval', undefined, 'no batches: call update first');
    return this.#sum / this.#count;
  }
}
