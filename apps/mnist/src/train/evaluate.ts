import { argmax, type Tensor } from '@gradkit/tensor';
import type { Cell, Dataset } from '@gradkit/train';
import type { Digits } from '../data/digits.js';

export interface Evaluation {
  readonly accuracy: number;
  /** The predicted class of every digit, in order. */
  readonly predictions: Int32Array;
}

/**
 * Predicts every test digit (the test batches, in file order; no gradients) and scores the
 * predictions against the digits' labels.
 */
export async function evaluate(
  net: Cell<[Tensor], Tensor>,
  batches: Dataset,
  digits: Digits,
): Promise<Evaluation> {
  const predictions = new Int32Array(digits.count);
  let offset = 0;
  net.setTrain(false);
  for (const [images, labels] of batches) {
    labels!.dispose();
    const logits = net(images!);
    const predicted = argmax(logits, 1);
    predictions.set(await predicted.data(), offset);
    offset += predicted.shape[0]!;
    images!.dispose();
    logits.dispose();
    predicted.dispose();
  }
  let correct = 0;
  predictions.forEach((p, i) => {
    if (p === digits.labels[i]) correct++;
  });
  return { accuracy: correct / digits.count, predictions };
}
