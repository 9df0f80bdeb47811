import {
  add,
  conv2d,
  logSoftmax,
  matmul,
  maxPool2d,
  mean,
  mul,
  neg,
  relu,
  reshape,
  sum,
  type Tensor,
} from '@gradkit/tensor';

// A type alias (not an interface) so it fits optim's Params tree type.
export type LenetParams = {
  readonly conv1: Tensor;
  readonly conv2: Tensor;
  readonly fc1: Tensor;
  readonly fc1Bias: Tensor;
  readonly fc2: Tensor;
  readonly fc2Bias: Tensor;
  readonly fc3: Tensor;
  readonly fc3Bias: Tensor;
};

const dense = (x: Tensor, w: Tensor, b: Tensor) => add(matmul(x, w, { transposeB: true }), b);
const pool = (x: Tensor) => maxPool2d(x, { kernelSize: 2, stride: 2 });

/**
 * @gradkit/train's LeNet5 (valid 5×5 convolutions without bias, ReLU, 2×2 max pooling, dense
 * layers with [out, in] weights) as a function of its parameters, with the mean softmax
 * cross-entropy against one-hot rows: the form `jit` and `valueAndGrad` take.
 */
export function lenetLoss(p: LenetParams, images: Tensor, oneHot: Tensor): Tensor {
  let x = pool(relu(conv2d(images, p.conv1)));
  x = pool(relu(conv2d(x, p.conv2)));
  x = reshape(x, [images.shape[0]!, -1]);
  x = relu(dense(x, p.fc1, p.fc1Bias));
  x = relu(dense(x, p.fc2, p.fc2Bias));
  const logits = dense(x, p.fc3, p.fc3Bias);
  return neg(mean(sum(mul(oneHot, logSoftmax(logits, -1)), -1)));
}
