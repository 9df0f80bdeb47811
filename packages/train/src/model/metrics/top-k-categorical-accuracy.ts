import { type Tensor, ValueError } from '@gradkit/tensor';
import { labelIndices, Metric, rowsOf } from './metric.js';

/**
 * The fraction of samples whose label is among the k highest logits, as MindSpore's
 * `nn.TopKCategoricalAccuracy(k)` (ties counted in the label's favour only when strictly fewer
 * than k logits are higher).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { TopKCategoricalAccuracy } from '@gradkit/train';
 *
 * const top2 = new TopKCategoricalAccuracy(2);
 * top2.update(tensor([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]]), tensor([1, 0], undefined, 'int32'));
 * top2.eval(); // 0.5: label 1 is in row 0's top two, label 0 is not in row 1's
 * ```
 */
export class TopKCategoricalAccuracy extends Metric {
  readonly k: number;
  #correct = 0;
  #total = 0;

  constructor(k: number) {
    super();
    if (!Number.isInteger(k) || k < 1) {
      throw new ValueError('TopKCategoricalAccuracy', 'k', `must be an integer >= 1, got ${k}`);
    }
    this.k = k;
  }

  clear(): void {
    this.#correct = 0;
    this.#total = 0;
  }

  update(logits: Tensor, labels: Tensor): void {
    const rows = rowsOf(logits);
    const truth = labelIndices(labels, rows[0]?.length ?? 0);
    rows.forEach((row, i) => {
      const target = row[truth[i]!] ?? Number.NEGATIVE_INFINITY;
      if (row.filter((x) => x > target).length < this.k) this.#correct++;
    });
    this.#total += rows.length;
  }

  eval(): number {
    if (this.#total === 0) {
      throw new ValueError(
        'TopKCategoricalAccuracy.eval',
        undefined,
        'no samples: call update first',
      );
    }
    return this.#correct / this.#total;
  }
}
