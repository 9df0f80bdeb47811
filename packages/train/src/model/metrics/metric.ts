import type { Tensor } from '@gradkit/tensor';

/**
 * The base of evaluation metrics, as MindSpore's `nn.Metric`: `clear()`, `update(...)` per
 * batch, `eval()` at the end. `Model.eval` feeds `Loss` the batch loss and the others
 * `(logits, labels)`.
 */
export abstract class Metric {
  abstract clear(): void;
  abstract update(...inputs: Tensor[]): void;
  abstract eval(): number;
}

/** Rows of a [N, C] (or [C]) tensor as plain arrays. */
export function rowsOf(logits: Tensor): number[][] {
  const data = Array.from(logits.dataSync());
  const width = logits.shape.at(-1) ?? 1;
  return Array.from({ length: data.length / width }, (_, i) =>
    data.slice(i * width, (i + 1) * width),
  );
}

/** Class indices from labels that are indices ([N]) or one-hot / probabilities ([N, C]). */
export function labelIndices(labels: Tensor, classes: number): number[] {
  if (labels.rank >= 2 && labels.shape.at(-1) === classes) {
    return rowsOf(labels).map((row) => row.indexOf(Math.max(...row)));
  }
  return Array.from(labels.dataSync());
}
