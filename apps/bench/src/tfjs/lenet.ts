import { ADAM } from '../cases.js';
import type { lenetInputs } from '../workload-inputs.js';
import type { Tf } from './load-tfjs.js';

/**
 * LeNet5 in TensorFlow.js with gradkit's weights: NHWC activations (tfjs's conv layout),
 * filters transposed to [kh, kw, in, out], and the flatten taken in NCHW order so the
 * dense weights are the same numbers.
 */
export function tfjsLenet(tf: Tf, d: ReturnType<typeof lenetInputs>) {
  const filter = (w: Float32Array, out: number, inC: number) =>
    tf.tidy(() => tf.variable(tf.transpose(tf.tensor4d(w, [out, inC, 5, 5]), [2, 3, 1, 0])));
  const c1 = filter(d.conv1, 6, 1);
  const c2 = filter(d.conv2, 16, 6);
  const dense = (w: Float32Array, b: Float32Array, fanIn: number) =>
    [tf.variable(tf.tensor2d(w, [b.length, fanIn])), tf.variable(tf.tensor1d(b))] as const;
  const [f1, g1] = dense(d.fc1, d.fc1Bias, 400);
  const [f2, g2] = dense(d.fc2, d.fc2Bias, 120);
  const [f3, g3] = dense(d.fc3, d.fc3Bias, 84);
  const images = tf.tensor4d(d.images, [d.batch, 32, 32, 1]);
  const oneHot = tf.tensor2d(d.oneHot, [d.batch, 10]);
  const optimizer = tf.train.adam(ADAM.learningRate, ADAM.b1, ADAM.b2, ADAM.eps);
  const variables = [c1, c2, f1, g1, f2, g2, f3, g3];
  const loss = () => {
    let x = tf.maxPool(tf.relu(tf.conv2d(images, c1, 1, 'valid')), 2, 2, 'valid');
    x = tf.maxPool(tf.relu(tf.conv2d(x, c2, 1, 'valid')), 2, 2, 'valid');
    let h = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [d.batch, 400]);
    h = tf.relu(tf.add(tf.matMul(h, f1, false, true), g1));
    h = tf.relu(tf.add(tf.matMul(h, f2, false, true), g2));
    const logits = tf.add(tf.matMul(h, f3, false, true), g3);
    return tf.neg(
      tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1)),
    ) as import('@tensorflow/tfjs').Scalar;
  };
  return {
    step(): number {
      const value = optimizer.minimize(loss, true, variables)!;
      const result = value.dataSync()[0]!;
      value.dispose();
      return result;
    },
    dispose: () => {
      tf.dispose([...variables, images, oneHot]);
      optimizer.dispose();
    },
  };
}
