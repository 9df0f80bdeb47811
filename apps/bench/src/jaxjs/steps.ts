import { nn, numpy as np } from '@jax-js/jax';
import { ADAM } from '../cases.js';
import { CHAIN_ADD, CHAIN_MUL, chainOp } from '../workload-inputs.js';

// jax-js functions for the workloads, written to its ownership rules: every argument is
// consumed once, `.ref` marks the extra uses. The same functions run eagerly or under jit.

type A = np.Array;

/** One Adam step; c1, c2 are the bias corrections 1 − b1ᵗ, 1 − b2ᵗ as scalar arrays. */
export function adamUpdate(p: A, g: A, m: A, v: A, c1: A, c2: A): [A, A, A] {
  const { learningRate, b1, b2, eps } = ADAM;
  const m2 = m.mul(b1).add(g.ref.mul(1 - b1));
  const v2 = v.mul(b2).add(g.ref.mul(g).mul(1 - b2));
  const step = m2.ref
    .div(c1)
    .div(np.sqrt(v2.ref.div(c2)).add(eps))
    .mul(learningRate);
  return [p.sub(step), m2, v2];
}

export type MlpParams = { w1: A; b1: A; w2: A; b2: A };

export function mlpLoss(p: MlpParams, x: A, oneHot: A): A {
  const hidden = nn.relu(np.matmul(x, p.w1).add(p.b1));
  const logits = np.matmul(hidden, p.w2).add(p.b2);
  return nn.logSoftmax(logits, -1).mul(oneHot).sum(-1).mean().neg();
}

export function chain(ops: number) {
  return (x: A): A => {
    for (let i = 0; i < ops; i++) {
      const op = chainOp(i);
      x =
        op === 'mul'
          ? x.mul(CHAIN_MUL)
          : op === 'add'
            ? x.add(CHAIN_ADD)
            : op === 'tanh'
              ? np.tanh(x)
              : np.sin(x);
    }
    return x.sum();
  };
}
