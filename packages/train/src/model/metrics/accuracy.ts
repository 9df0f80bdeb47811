import { type Tensor, ValueError } from '@gradkit/tensor';
import { labelIndices, Metric, rowsOf } from './metric.js';

/**
 * The fraction of samples whose highest logit is the label, as MindSpore's `nn.Accuracy`
 * ('classification'): labels are class indices or one-hot rows.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Accuracy } from '@gradkit/train';
 *
 * const acc = new Accuracy();
 * acc.update(tensor([[2, 0, 0], [0, 1, 0]]), tensor([0, 2], undefined, 'int32'));
 * acc.eval(); // 0.5: one of two rows has its label as the arg max
 * ```
 */
export class Accuracy extends Metric {
  #correct = 0;
  #total = 0;

  clear(): void {
    this.#correct = 0;
    this.#total = 0;
  }

  update(logits: Tensor, labels: Tensor): void {
    const rows = rowsOf(logits);
    const truth = labelIndices(labels, rows[0]?.length ?? 0);
    if (truth.length !== rows.length) {
      throw new ValueError(
        'Accuracy.update',
        'labels',
        `must have ${rows.length} samples, got ${truth.length}`,
      );
    }
    rows.forEach((row, i) => {
      if (row.indexOf(Math.max(...row)) === truth[i]) this.#correct++;
    });
    this.#total += rows.length;
  }

  eval(): number {
    if (this.#total === 0)
      throw new ValueError('Accuracy.eval', undefined, 'no samples: call update first');
    return this.#correct / this.#total;
  }
}
