import { argmax, type Tensor } from '@gradkit/tensor';
import type { Cell } from '@gradkit/train';
import { batchIndices, type InputFormat, makeBatch } from '../data/batches.js';
import type { Digits } from '../data/mnist-digits.js';

export interface Evaluation {
  readonly accuracy: number;
  /** The predicted class of every digit, in order. */
  readonly predictions: Int32Array;
}

/** Predicts every digit in batches (no gradients) and scores the predictions. */
export async function evaluate(
  net: Cell<[Tensor], Tensor>,
  digits: Digits,
  input: InputFormat,
  batchSize = 250,
): Promise<Evaluation> {
  const order = Int32Array.from({ length: digits.count }, (_, i) => i);
  const predictions = new Int32Array(digits.count);
  let offset = 0;
  for (const indices of batchIndices(order, batchSize)) {
    const [images, labels] = makeBatch(digits, indices, input);
    labels.dispose();
    const logits = net(images);
    const predicted = argmax(logits, 1);
    predictions.set(await predicted.data(), offset);
    offset += indices.length;
    images.dispose();
    logits.dispose();
    predicted.dispose();
  }
  let correct = 0;
  predictions.forEach((p, i) => {
    if (p === digits.labels[i]) correct++;
  });
  return { accuracy: correct / digits.count, predictions };
}
