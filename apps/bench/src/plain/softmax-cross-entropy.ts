/**
 * Mean softmax cross-entropy of logits [rows × classes] against integer labels, and its
 * gradient with respect to the logits ((softmax − one-hot) / rows), in one pass per row.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: Int32Array,
  rows: number,
  classes: number,
) {
  const C = classes;
  let loss = 0;
  const dLogits = new Float32Array(rows * C);
  for (let r = 0; r < rows; r++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < C; c++) max = Math.max(max, logits[r * C + c]!);
    let total = 0;
    for (let c = 0; c < C; c++) total += Math.exp(logits[r * C + c]! - max);
    const logTotal = Math.log(total) + max;
    const label = labels[r]!;
    loss += logTotal - logits[r * C + label]!;
    for (let c = 0; c < C; c++) {
      const p = Math.exp(logits[r * C + c]! - logTotal);
      dLogits[r * C + c] = (p - (c === label ? 1 : 0)) / rows;
    }
  }
  return { loss: loss / rows, dLogits };
}
