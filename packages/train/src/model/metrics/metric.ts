import type { Tensor } from '@gradkit/tensor';

/**
 * The base of evaluation metrics, as MindSpore's `nn.Metric`: `clear()`, `update(...)` per
 * batch, `eval()` at the end. `Model.eval` feeds `Loss` the batch loss and the others
 * `(logits, labels)`.
 *
 * @example
 * ```ts
 * import { sum, type Tensor, tensor } from '@gradkit/tensor';
 * import { Metric } from '@gradkit/train';
 *
 * class MeanLogit extends Metric {
 *   #sum = 0;
 *   #count = 0;
 *   clear() { this.#sum = 0; this.#count = 0; }
 *   update(logits: Tensor) { this.#sum += sum(logits).item() as number; this.#count += logits.size; }
 *   eval() { return this.#sum / this.#count; }
 * }
 * const metric = new MeanLogit();
 * metric.update(tensor([[1, 3]]));
 * metric.eval(); // 2
 * ```
 */
export abstract class Metric {
  abstract clear(): void;
  abstract update(...inputs: Tensor[]): void;
  abstract eval(): number;
}

/**
 * Rows of a [N, C] (or [C]) tensor as plain arrays.
 *
 * For example, `rowsOf(tensor([[1, 2], [3, 4]]))` is `[[1, 2], [3, 4]]`.
 */
export function rowsOf(logits: Tensor): number[][] {
  const data = Array.from(logits.dataSync());
  const width = logits.shape.at(-1) ?? 1;
  return Array.from({ length: data.length / width }, (_, i) =>
    data.slice(i * width, (i + 1) * width),
  );
}

/**
 * Class indices from labels that are indices ([N]) or one-hot / probabilities ([N, C]).
 *
 * For example, `labelIndices(tensor([[0, 1, 0]]), 3)` is `[1]` and
 * `labelIndices(tensor([2], undefined, 'int32'), 3)` is `[2]`.
 */
export function labelIndices(labels: Tensor, classes: number): number[] {
  if (labels.rank >= 2 && labels.shape.at(-1) === classes) {
    return rowsOf(labels).map((row) => row.indexOf(Math.max(...row)));
  }
  return Array.from(labels.dataSync());
}
