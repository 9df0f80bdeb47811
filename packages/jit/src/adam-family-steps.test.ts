// A whole training step with an Adam-family optimizer (forward, backward, the optimizer and
// the parameter update) compiles once: the step count is a tensor of the state, so a new
// step is a new value, not a new signature. Compiled and eager agree step by step.
import { valueAndGrad } from '@gradkit/autograd';
import type { GradientTransformation, Params } from '@gradkit/optim';
import * as optim from '@gradkit/optim';
import {
  add,
  dispose,
  logSoftmax,
  matmul,
  mean,
  memory,
  mul,
  neg,
  type RandomKey,
  random,
  scope,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';

// biome-ignore lint/suspicious/noExplicitAny: any transform.
type AnyTransform = GradientTransformation<any>;
type Mlp = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

const ADAM_FAMILY: Record<string, () => AnyTransform> = {
  adam: () => optim.adam(0.02),
  adamw: () => optim.adamw(0.02, { weightDecay: 0.01 }),
  nadam: () => optim.nadam(0.02),
  nadamw: () => optim.nadamw(0.02, { weightDecay: 0.01 }),
  amsgrad: () => optim.amsgrad(0.02),
  adamax: () => optim.adamax(0.02),
  adamaxw: () => optim.adamaxw(0.02),
  'adam with epsRoot': () => optim.adam(0.02, { epsRoot: 1e-8, b1: 0.8, b2: 0.99 }),
};

const STEPS = 20;

const loss = (p: Mlp, x: Tensor, y: Tensor) => {
  const logits = add(matmul(tanh(add(matmul(x, p.w1), p.b1)), p.w2), p.b2);
  return neg(mean(sum(mul(logSoftmax(logits), y), 1)));
};

function data() {
  const [k1, k2, k3, k4] = random.split(random.key(11), 4) as RandomKey[];
  const params: Mlp = {
    w1: mul(random.normal(k1!, [5, 8]), 0.5),
    b1: tensor(new Array(8).fill(0.01)),
    w2: mul(random.normal(k2!, [8, 3]), 0.5),
    b2: tensor([0, 0.1, -0.1]),
  };
  const x = random.normal(k3!, [6, 5]);
  const labels = random.uniform(k4!, [6]).dataSync();
  const y = tensor(
    Array.from(labels, (u) => [0, 1, 2].map((c) => (Math.floor(u * 3) === c ? 1 : 0))),
  );
  return { params, x, y };
}

/** New tensors with the values of `p` (each side of the comparison owns its own). */
const copy = (p: Mlp): Mlp =>
  Object.fromEntries(
    Object.entries(p).map(([k, t]) => [k, tensor(Array.from(t.dataSync()), [...t.shape])]),
  ) as Mlp;

/** The Optax step: update, then applyUpdates. */
const splitStep = (optimizer: AnyTransform) => (p: Mlp, state: unknown, x: Tensor, y: Tensor) => {
  const [value, grads] = valueAndGrad(loss)(p, x, y);
  const [updates, next] = optimizer.update(grads, state, p as Params);
  return [optim.applyUpdates(p as Params, updates) as Mlp, next, value] as const;
};

/** The fused step: updateAndApply, giving the parameters and the state up. */
const fusedStep = (optimizer: AnyTransform) => (p: Mlp, state: unknown, x: Tensor, y: Tensor) => {
  const [value, grads] = valueAndGrad(loss)(p, x, y);
  const [next, nextState] = optim.updateAndApply(optimizer, grads, state, p as Params, {
    donate: true,
  });
  return [next as Mlp, nextState, value] as const;
};

describe('a whole step with an Adam-family optimizer traces once', () => {
  for (const [name, make] of Object.entries(ADAM_FAMILY)) {
    for (const [form, build] of [
      ['update + applyUpdates', splitStep],
      ['updateAndApply', fusedStep],
    ] as const) {
      it(`${name}, ${form}: one trace over ${STEPS} steps, the eager numbers, flat memory`, () => {
        const optimizer = make();
        const { params, x, y } = data();
        const compiled = jit(build(optimizer), { donate: [0, 1], onRetrace: () => {} });
        const eagerStep = splitStep(optimizer);
        let eager = { params: copy(params), state: optimizer.init(params as Params) as unknown };
        let fast = { params: copy(params), state: optimizer.init(params as Params) as unknown };
        const live: number[] = [];
        for (let i = 0; i < STEPS; i++) {
          const [p1, s1, l1] = scope(() => eagerStep(eager.params, eager.state, x, y));
          dispose([eager.params, eager.state]);
          const [p2, s2, l2] = compiled(fast.params, fast.state, x, y);
          expectTreesClose([p2, s2, l2], [p1, s1, l1], 2e-5);
          dispose([l1, l2]);
          eager = { params: p1, state: s1 };
          fast = { params: p2, state: s2 };
          live.push(memory().tensors);
        }
        expect(compiled.traces).toBe(1);
        // The donated parameters and state are replaced, not added to.
        expect(new Set(live.slice(2)).size).toBe(1);
        const count = tensorCountOf(fast.state);
        expect(count.shape).toEqual([]);
        expect(count.dataSync()[0]).toBe(STEPS);
        dispose([eager.params, eager.state, fast.params, fast.state, x, y, params]);
        compiled.clearCache();
      });
    }
  }

  it('a scheduled learning rate is read on the host: it traces again each step, as documented', () => {
    const optimizer = optim.adam((count: number) => 0.01 / (1 + count));
    const compiled = jit(splitStep(optimizer), { onRetrace: () => {} });
    const { params, x, y } = data();
    let p = copy(params);
    let state: unknown = optimizer.init(params as Params);
    for (let i = 0; i < 3; i++) {
      const [next, nextState, value] = compiled(p, state, x, y);
      dispose([p, state, value]);
      [p, state] = [next, nextState];
    }
    expect(compiled.traces).toBe(3);
    dispose([p, state, x, y, params]);
  });
});

/** The step count in a chain's state: the first scalar tensor named `count`. */
function tensorCountOf(state: unknown): Tensor {
  const found: Tensor[] = [];
  const visit = (node: unknown, key?: string) => {
    if (node === null || typeof node !== 'object') return;
    if (key === 'count' && typeof (node as Tensor).dataSync === 'function') {
      found.push(node as Tensor);
      return;
    }
    for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(state);
  if (found.length === 0) throw new Error('no tensor count in the state');
  return found[0]!;
}
