import {
  add,
  logSoftmax,
  matmul,
  mean,
  mul,
  neg,
  random,
  relu,
  sum,
  type Tensor,
  zeros,
} from '@gradkit/tensor';

/** A two-layer perceptron's parameters: 784 → hidden (ReLU) → 10. */
export interface MlpParams {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
}

export const INPUTS = 784;
export const CLASSES = 10;

/** He-normal weights and zero biases, reproducible from `seed`. */
export function initMlp(seed: number, hidden: number): MlpParams {
  const [k1, k2] = random.split(random.key(seed));
  return {
    w1: mul(random.normal(k1!, [INPUTS, hidden]), Math.sqrt(2 / INPUTS)),
    b1: zeros([hidden]),
    w2: mul(random.normal(k2!, [hidden, CLASSES]), Math.sqrt(2 / hidden)),
    b2: zeros([CLASSES]),
  };
}

/** Logits [n, 10] of inputs [n, 784]. */
export function mlpLogits(params: MlpParams, x: Tensor): Tensor {
  const hidden = relu(add(matmul(x, params.w1), params.b1));
  return add(matmul(hidden, params.w2), params.b2);
}

/** Mean softmax cross-entropy of logits [n, 10] against one-hot targets [n, 10]. */
export function crossEntropy(logits: Tensor, oneHot: Tensor): Tensor {
  return neg(mean(sum(mul(logSoftmax(logits, -1), oneHot), -1)));
}
