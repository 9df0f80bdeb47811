import { type Tensor, ValueError } from '@gradkit/tensor';
import { labelIndices, Metric, rowsOf } from './metric.js';

/**
 * The fraction of samples whose label is among the k highest logits, as MindSpore's
 * `nn.TopKCategoricalAccuracy(k)` (ties counted in the label's favour only when strictly fewer
 * than k logits are higher).
 *
 * @example
 * const model = new Model(net, { lossFn, optimizer, metrics: { top5: new TopKCategoricalAccuracy(5) } });
 * model.eval(testSet); // { top5: 0.97 }
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
