import { add, logSoftmax, matmul, mean, mul, neg, relu, sum, type Tensor } from '@gradkit/tensor';

// A type alias (not an interface) so it fits optim's Params tree type.
export type MlpParams = {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
};

/** Mean softmax cross-entropy of relu(x·w1 + b1)·w2 + b2 against one-hot rows. */
export function mlpLoss(p: MlpParams, x: Tensor, oneHot: Tensor): Tensor {
  const hidden = relu(add(matmul(x, p.w1), p.b1));
  const logits = add(matmul(hidden, p.w2), p.b2);
  return neg(mean(sum(mul(oneHot, logSoftmax(logits, -1)), -1)));
}
