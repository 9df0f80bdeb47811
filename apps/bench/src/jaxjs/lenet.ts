import { lax, nn, numpy as np } from '@jax-js/jax';
import type { lenetInputs } from '../workload-inputs.js';

// LeNet5 for jax-js, in gradkit's layouts: NCHW activations, conv weights [out, in, kh, kw]
// (lax.conv's own layout, so the shared weights go in as they are), dense weights [out, in].
// Written to jax-js's ownership rules: every argument is consumed once.

type A = np.Array;

export type LenetParams = { c1: A; c2: A; f1: A; g1: A; f2: A; g2: A; f3: A; g3: A };
export const LENET_KEYS = ['c1', 'c2', 'f1', 'g1', 'f2', 'g2', 'f3', 'g3'] as const;

/** The shared initial weights as jax-js arrays. */
export function lenetParams(d: ReturnType<typeof lenetInputs>): LenetParams {
  return {
    c1: np.array(d.conv1).reshape([6, 1, 5, 5]),
    c2: np.array(d.conv2).reshape([16, 6, 5, 5]),
    f1: np.array(d.fc1).reshape([120, 400]),
    g1: np.array(d.fc1Bias),
    f2: np.array(d.fc2).reshape([84, 120]),
    g2: np.array(d.fc2Bias),
    f3: np.array(d.fc3).reshape([10, 84]),
    g3: np.array(d.fc3Bias),
  };
}

/**
 * 2×2 max pooling, stride 2, 'valid', on [N, C, H, W]: jax-js has no max-pool function, so
 * as in JAX (Flax's `max_pool`), `lax.reduceWindow` with max over the window. (A reshape to
 * [N, C, H/2, 2, W/2, 2] and a max over axes 3, 5 gives the same values and gradient.)
 */
export function maxPool2x2(x: A): A {
  return lax.reduceWindow(x, (window) => window.max(), [2, 2], [2, 2]);
}

const dense = (x: A, w: A, b: A) => np.matmul(x, w.transpose()).add(b);

/** Mean softmax cross-entropy of LeNet5's logits on images [N, 1, 32, 32]. */
export function lenetLoss(p: LenetParams, images: A, oneHot: A): A {
  let x = maxPool2x2(nn.relu(lax.conv(images, p.c1, [1, 1], 'VALID')));
  x = maxPool2x2(nn.relu(lax.conv(x, p.c2, [1, 1], 'VALID')));
  let h = x.reshape([x.shape[0]!, 400]);
  h = nn.relu(dense(h, p.f1, p.g1));
  h = nn.relu(dense(h, p.f2, p.g2));
  const logits = dense(h, p.f3, p.g3);
  return nn.logSoftmax(logits, -1).mul(oneHot).sum(-1).mean().neg();
}
