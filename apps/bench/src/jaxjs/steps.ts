import { nn, numpy as np, valueAndGrad } from '@jax-js/jax';
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

/**
 * One training step of `loss` with Adam on every parameter of the record: the loss before
 * the update, and the new parameters and moments. A whole step, so jit can fuse the update
 * into the backward pass.
 */
export function adamTrainStep<K extends string>(
  loss: (p: Record<K, A>, x: A, y: A) => A,
  keys: readonly K[],
) {
  return (p: Record<K, A>, m0: Record<K, A>, v0: Record<K, A>, x: A, y: A, c1: A, c2: A) => {
    const refs = Object.fromEntries(keys.map((k) => [k, p[k].ref])) as Record<K, A>;
    // Generic records are too abstract for valueAndGrad's tree types; the shapes are fixed.
    const lossOfTree = loss as unknown as (p: Record<string, A>, x: A, y: A) => A;
    const [value, grads] = valueAndGrad(lossOfTree)(refs, x, y);
    const g = grads as unknown as Record<K, A>;
    const out = { p: {} as Record<K, A>, m: {} as Record<K, A>, v: {} as Record<K, A> };
    keys.forEach((k, i) => {
      const last = i === keys.length - 1;
      [out.p[k], out.m[k], out.v[k]] = adamUpdate(
        p[k],
        g[k],
        m0[k],
        v0[k],
        last ? c1 : c1.ref,
        last ? c2 : c2.ref,
      );
    });
    return [value, out] as const;
  };
}

export type MlpParams = { w1: A; b1: A; w2: A; b2: A };
export const MLP_KEYS = ['w1', 'b1', 'w2', 'b2'] as const;

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
