// Whole training steps, compiled and eager: an MLP and a small LeNet-style conv net.
import { valueAndGrad } from '@gradkit/autograd';
import { adam, applyUpdates, type Params, sgd, updateAndApply } from '@gradkit/optim';
import {
  add,
  conv2d,
  dispose,
  logSoftmax,
  matmul,
  maxPool2d,
  mean,
  mul,
  neg,
  type RandomKey,
  random,
  relu,
  reshape,
  scope,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { jit } from './jit.js';
import { expectTreesClose } from './testing/close.js';

type Mlp = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

const crossEntropy = (logits: Tensor, oneHot: Tensor) =>
  neg(mean(sum(mul(logSoftmax(logits), oneHot), 1)));

const mlpLoss = (p: Mlp, x: Tensor, y: Tensor) =>
  crossEntropy(add(matmul(tanh(add(matmul(x, p.w1), p.b1)), p.w2), p.b2), y);

function mlpData() {
  const key = random.key(7);
  const [k1, k2, k3, k4] = random.split(key, 4) as RandomKey[];
  const params: Mlp = {
    w1: mul(random.normal(k1!, [6, 16]), 0.4),
    b1: tensor(new Array(16).fill(0.01)),
    w2: mul(random.normal(k2!, [16, 3]), 0.4),
    b2: tensor([0, 0.1, -0.1]),
  };
  const x = random.normal(k3!, [8, 6]);
  const labels = random.uniform(k4!, [8]).dataSync();
  const y = tensor(
    Array.from(labels, (u) => [0, 1, 2].map((c) => (Math.floor(u * 3) === c ? 1 : 0))),
  );
  return { params, x, y };
}

describe('an MLP training step', () => {
  it('valueAndGrad and SGD with momentum compile into one replayed step that matches eager', () => {
    const optimizer = sgd(0.1, { momentum: 0.9 });
    const step = (p: Mlp, state: unknown, x: Tensor, y: Tensor) => {
      const [loss, grads] = valueAndGrad(mlpLoss)(p, x, y);
      const [updates, next] = optimizer.update(grads, state as never, p);
      return [applyUpdates(p, updates) as Mlp, next, loss] as const;
    };
    const compiled = jit(step, { donate: [0, 1] });
    const data = mlpData();
    let eager = { params: data.params, state: optimizer.init(data.params as Params) };
    let fast = {
      params: scope(() => ({ ...data.params })),
      state: optimizer.init(data.params as Params),
    };
    for (let i = 0; i < 6; i++) {
      const [p1, s1, l1] = scope(() => step(eager.params, eager.state, data.x, data.y));
      const [p2, s2, l2] = compiled(fast.params, fast.state, data.x, data.y);
      expectTreesClose([p2, s2, l2], [p1, s1, l1]);
      eager = { params: p1, state: s1 };
      fast = { params: p2, state: s2 };
    }
    expect(compiled.traces).toBe(1);
  });

  it('with Adam: the compiled valueAndGrad feeds the fused eager update, as eager', () => {
    const optimizer = adam(0.01);
    const grads = jit(valueAndGrad(mlpLoss));
    const data = mlpData();
    let a = { params: data.params as Params, state: optimizer.init(data.params as Params) };
    let b = { ...a };
    for (let i = 0; i < 5; i++) {
      const [, g1] = valueAndGrad(mlpLoss)(a.params as Mlp, data.x, data.y);
      const [p1, s1] = updateAndApply(optimizer, g1 as Params, a.state, a.params);
      const [, g2] = grads(b.params as Mlp, data.x, data.y);
      const [p2, s2] = updateAndApply(optimizer, g2 as Params, b.state, b.params);
      expectTreesClose([p2, s2], [p1, s1]);
      dispose([g1, g2]);
      a = { params: p1, state: s1 };
      b = { params: p2, state: s2 };
    }
    expect(grads.traces).toBe(1);
  });
});

type ConvNet = { c1: Tensor; c2: Tensor; f1: Tensor; f2: Tensor; bias: Tensor };

const convLoss = (p: ConvNet, images: Tensor, y: Tensor) => {
  let h = maxPool2d(relu(conv2d(images, p.c1, { padding: 2 })), { kernelSize: 2, stride: 2 });
  h = maxPool2d(relu(conv2d(h, p.c2)), { kernelSize: 2, stride: 2 });
  const flat = reshape(h, [images.shape[0]!, -1]);
  return crossEntropy(add(matmul(relu(matmul(flat, p.f1)), p.f2), p.bias), y);
};

describe('a LeNet-style conv net (conv2d, pooling, relu, dense layers)', () => {
  it('compiled and eager loss and gradients agree step after step', () => {
    const [k1, k2, k3, k4, k5] = random.split(random.key(3), 5) as RandomKey[];
    let p: ConvNet = {
      c1: mul(random.normal(k1!, [4, 1, 5, 5]), 0.2),
      c2: mul(random.normal(k2!, [6, 4, 3, 3]), 0.2),
      f1: mul(random.normal(k3!, [24, 10]), 0.2),
      f2: mul(random.normal(k4!, [10, 3]), 0.2),
      bias: tensor([0, 0, 0]),
    };
    const images = random.normal(k5!, [2, 1, 12, 12]);
    const y = tensor([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const compiled = jit(valueAndGrad(convLoss));
    for (let i = 0; i < 3; i++) {
      const eager = valueAndGrad(convLoss)(p, images, y);
      const fast = compiled(p, images, y);
      expectTreesClose(fast, eager, 1e-4);
      const g = eager[1] as ConvNet;
      p = scope(() => applyUpdates(p as unknown as Params, mulTree(g, -0.1)) as unknown as ConvNet);
    }
    expect(compiled.traces).toBe(1);
  });
});

function mulTree(g: ConvNet, k: number): Params {
  return Object.fromEntries(Object.entries(g).map(([key, t]) => [key, mul(t, k)])) as Params;
}
