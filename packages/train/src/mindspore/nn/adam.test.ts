import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory, scalar, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { Cell } from '../../cell/cell.js';
import { loadCheckpoint, saveCheckpoint } from '../../checkpoint/checkpoint.js';
import { valueAndGrad } from '../../grad/value-and-grad.js';
import { Conv2d } from '../../layers/conv2d.js';
import { Dense } from '../../layers/dense.js';
import { Flatten } from '../../layers/flatten.js';
import { SoftmaxCrossEntropyWithLogits } from '../../losses/class-losses.js';
import { Parameter } from '../../parameter/parameter.js';
import { Adam } from './adam.js';
import { ArgumentTypeError } from './errors.js';
import { LearningRateSchedule } from './schedules/learning-rate-schedule.js';
import { f, nnAdamReference, pseudoRandom } from './testing/reference.js';

const STEPS = 6;

function param(name: string, shape: number[], seed: number): Parameter {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Parameter(tensor(pseudoRandom(size, seed), shape), name);
}

function gradients(p: Parameter, seed: number): number[][] {
  const size = p.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: STEPS }, (_, t) =>
    pseudoRandom(size, seed * 100 + t + 1).map((g) => f(g * 3)),
  );
}

/** Runs the optimizer on fixed gradients; returns each parameter's values after each step. */
function run(
  optimizer: (grads: Tensor[]) => unknown,
  order: readonly Parameter[],
  grads: ReadonlyMap<Parameter, number[][]>,
): Map<Parameter, number[][]> {
  const seen = new Map(order.map((p) => [p, [] as number[][]]));
  for (let t = 0; t < STEPS; t++) {
    const step = order.map((p) => tensor(grads.get(p)![t]!, [...p.shape]));
    optimizer(step);
    for (const g of step) g.dispose();
    for (const p of order) seen.get(p)!.push(Array.from(p.value.dataSync()));
  }
  return seen;
}

const flat = (p: Parameter) => Array.from(p.value.dataSync());

describe('nn.Adam against its documented formula (float32 reference)', () => {
  it('plain: eps outside the bias correction, float32 running products', () => {
    const w = param('fc.weight', [3, 4], 1);
    const start = flat(w);
    const grads = new Map([[w, gradients(w, 1)]]);
    const optimizer = new Adam([w], { learningRate: 0.01 });
    expect(optimizer.parameters).toEqual([w]);
    const got = run(optimizer, [w], grads);
    expect(got.get(w)).toEqual(nnAdamReference(start, grads.get(w)!, { lr: () => 0.01 }));
    expect(optimizer.globalStep).toBe(STEPS);
  });

  it('differs from PyTorch-style Adam (eps inside the bias correction) where eps matters', () => {
    const w = new Parameter(tensor([1]), 'w');
    const optimizer = new Adam([w], { learningRate: 1, eps: 0.1 });
    const g = tensor([0.01]);
    optimizer([g]);
    // l = √(1−β2)/(1−β1); m = 0.1·0.01; v = 0.001·1e-4 → w = 1 − l·m/(√v + 0.1).
    const l = Math.sqrt(0.001) / 0.1;
    expect(w.value.item()).toBeCloseTo(1 - (l * 0.001) / (Math.sqrt(1e-7) + 0.1), 6);
  });

  it('nesterov, other betas and eps', () => {
    const w = param('w', [5], 2);
    const start = flat(w);
    const grads = new Map([[w, gradients(w, 2)]]);
    const options = { beta1: 0.8, beta2: 0.95, eps: 1e-3 };
    const got = run(
      new Adam([w], { learningRate: 0.05, useNesterov: true, ...options }),
      [w],
      grads,
    );
    expect(got.get(w)).toEqual(
      nnAdamReference(start, grads.get(w)!, { lr: () => 0.05, nesterov: true, ...options }),
    );
  });

  it('weight decay only on parameters named without beta or gamma when not grouped', () => {
    const w = param('dense.weight', [2, 3], 3);
    const gamma = param('norm.gamma', [3], 4);
    const beta = param('norm.beta', [3], 5);
    const params = [w, gamma, beta];
    const starts = params.map(flat);
    const grads = new Map(params.map((p, i) => [p, gradients(p, 10 + i)]));
    const got = run(new Adam(params, { learningRate: 0.02, weightDecay: 0.1 }), params, grads);
    expect(got.get(w)).toEqual(
      nnAdamReference(starts[0]!, grads.get(w)!, { lr: () => 0.02, weightDecay: 0.1 }),
    );
    for (const [i, p] of [[1, gamma] as const, [2, beta] as const]) {
      expect(got.get(p)).toEqual(nnAdamReference(starts[i]!, grads.get(p)!, { lr: () => 0.02 }));
    }
  });

  it('lossScale divides the gradient and λ·w alike', () => {
    const w = param('w', [4], 6);
    const start = flat(w);
    const grads = new Map([[w, gradients(w, 6).map((g) => g.map((x) => f(x * 1024)))]]);
    const got = run(
      new Adam([w], { learningRate: 0.01, weightDecay: 0.5, lossScale: 1024 }),
      [w],
      grads,
    );
    expect(got.get(w)).toEqual(
      nnAdamReference(start, grads.get(w)!, { lr: () => 0.01, weightDecay: 0.5, lossScale: 1024 }),
    );
  });

  it('groups: per-group lr, weight decay on all of a group, centralization of rank-4 kernels, orderParams', () => {
    const kernel = param('conv.weight', [2, 1, 2, 2], 7);
    const gamma = param('bn.gamma', [2], 8);
    const bias = param('fc.bias', [3], 9);
    const starts = new Map([kernel, gamma, bias].map((p) => [p, flat(p)]));
    const grads = new Map([kernel, gamma, bias].map((p, i) => [p, gradients(p, 20 + i)]));
    const optimizer = new Adam(
      [
        { params: [kernel, gamma], weightDecay: 0.01, gradCentralization: true },
        { params: [bias], lr: 0.01 },
        { orderParams: [bias, kernel, gamma] },
      ],
      { learningRate: 0.1, weightDecay: 0 },
    );
    expect(optimizer.parameters).toEqual([bias, kernel, gamma]);
    expect(optimizer.getLr()).toEqual([0.1, 0.01]);
    const got = run(optimizer, optimizer.parameters, grads);
    // Grouped: gamma decays too (the name filter is only for ungrouped params).
    expect(got.get(gamma)).toEqual(
      nnAdamReference(starts.get(gamma)!, grads.get(gamma)!, { lr: () => 0.1, weightDecay: 0.01 }),
    );
    expect(got.get(bias)).toEqual(
      nnAdamReference(starts.get(bias)!, grads.get(bias)!, { lr: () => 0.01 }),
    );
    const expected = nnAdamReference(starts.get(kernel)!, grads.get(kernel)!, {
      lr: () => 0.1,
      weightDecay: 0.01,
      centralizeRows: 4,
    });
    got.get(kernel)!.forEach((row, t) => {
      row.forEach((x, i) => {
        expect(Math.abs(x - expected[t]![i]!)).toBeLessThanOrEqual(1e-6);
      });
    });
  });

  it('accepts the camelCase group keys too', () => {
    const a = param('a', [2], 1);
    const b = param('b', [2], 2);
    const optimizer = new Adam(
      [
        { params: [a], weightDecay: 0.3, gradCentralization: false },
        { params: [b] },
        { orderParams: [b, a] },
      ],
      { learningRate: 0.1 },
    );
    expect(optimizer.parameters).toEqual([b, a]);
    expect(optimizer.groups.map((g) => g.weightDecay)).toEqual([0.3, 0]);
  });

  it('dynamic learning rates: a list, a 1-D tensor (past the end, the last), a LearningRateSchedule', () => {
    const rates = [0.1, 0.05, 0.01];
    const lr = (t: number) => rates[Math.min(t, 2)]!;
    class Halving extends LearningRateSchedule {
      override rate(step: number) {
        return 0.1 * 0.5 ** step;
      }
    }
    const forms = [rates, tensor(rates), new Halving(), scalar(0.03)];
    const expectedLr = [lr, lr, (t: number) => 0.1 * 0.5 ** t, () => 0.03];
    forms.forEach((form, k) => {
      const w = param('w', [3], 30 + k);
      const start = flat(w);
      const grads = new Map([[w, gradients(w, 30 + k)]]);
      const optimizer = new Adam([w], { learningRate: form });
      const got = run(optimizer, [w], grads);
      expect(got.get(w)).toEqual(nnAdamReference(start, grads.get(w)!, { lr: expectedLr[k]! }));
    });
  });

  it('a LearningRateSchedule written in tensor ops (construct) works as in MindSpore', () => {
    class Linear extends LearningRateSchedule {
      override construct(globalStep: number | Tensor): Tensor {
        return tensor(0.1 - 0.01 * (globalStep as number));
      }
    }
    const w = param('w', [2], 40);
    const start = flat(w);
    const grads = new Map([[w, gradients(w, 40)]]);
    const got = run(new Adam([w], { learningRate: new Linear() }), [w], grads);
    expect(got.get(w)).toEqual(
      nnAdamReference(start, grads.get(w)!, { lr: (t) => 0.1 - 0.01 * t }),
    );
  });

  it('keeps memory flat and leaves the gradients to the caller', () => {
    const w = param('w', [8], 50);
    const optimizer = new Adam([w]);
    const g = tensor(pseudoRandom(8, 3));
    optimizer([g]);
    const before = memory().tensors;
    for (let i = 0; i < 50; i++) optimizer([g]);
    expect(memory().tensors).toBe(before);
    expect(g.isDisposed).toBe(false);
  });

  it('rejects gradients of the wrong count or shape', () => {
    const w = param('w', [2], 1);
    const optimizer = new Adam([w]);
    expect(() => optimizer([])).toThrow(/must be a list of 1 gradients/);
    expect(() => optimizer([tensor([1, 2, 3])])).toThrow(
      /gradients\[0\]' must be a tensor of shape \[2\] for 'w'/,
    );
  });
});

describe('nn.Adam validation (MindSpore: TypeError-like and ValueError-like, nothing created)', () => {
  const w = new Parameter(tensor([1, 2]), 'w');
  const x = new Parameter(tensor([1]), 'x');
  const lr2d = tensor([[0.1]]);
  const cases: [string, () => unknown, typeof TypeError | typeof ValueError, RegExp][] = [
    [
      'lr of a wrong type',
      () => new Adam([w], { learningRate: 'fast' as never }),
      ArgumentTypeError,
      /learningRate' must be a number, a Tensor, an iterable of numbers or a LearningRateSchedule/,
    ],
    [
      'a params element neither Parameter nor dict',
      () => new Adam([w, 3 as never]),
      ArgumentTypeError,
      /params\[1\]' must be a Parameter or a group dict, got a number/,
    ],
    [
      'beta1 not a float',
      () => new Adam([w], { beta1: '0.9' as never }),
      ArgumentTypeError,
      /beta1' must be a number, got a string/,
    ],
    [
      'beta2 not a float',
      () => new Adam([w], { beta2: null as never }),
      ArgumentTypeError,
      /beta2' must be a number, got null/,
    ],
    [
      'eps not a float',
      () => new Adam([w], { eps: [1e-8] as never }),
      ArgumentTypeError,
      /eps' must be a number, got an array/,
    ],
    [
      'lossScale not a float',
      () => new Adam([w], { lossScale: true as never }),
      ArgumentTypeError,
      /lossScale' must be a number, got a boolean/,
    ],
    [
      'weightDecay not a number',
      () => new Adam([w], { weightDecay: '0' as never }),
      ArgumentTypeError,
      /weightDecay' must be a number/,
    ],
    [
      'useLocking not a bool',
      () => new Adam([w], { useLocking: 1 as never }),
      ArgumentTypeError,
      /useLocking' must be a boolean, got a number/,
    ],
    [
      'useNesterov not a bool',
      () => new Adam([w], { useNesterov: 'yes' as never }),
      ArgumentTypeError,
      /useNesterov' must be a boolean/,
    ],
    ['eps <= 0', () => new Adam([w], { eps: 0 }), ValueError, /eps' must be > 0, got 0/],
    [
      'lossScale <= 0',
      () => new Adam([w], { lossScale: -1 }),
      ValueError,
      /lossScale' must be > 0, got -1/,
    ],
    [
      'beta1 = 0',
      () => new Adam([w], { beta1: 0 }),
      ValueError,
      /beta1' must be in \(0, 1\), got 0/,
    ],
    [
      'beta1 = 1',
      () => new Adam([w], { beta1: 1 }),
      ValueError,
      /beta1' must be in \(0, 1\), got 1/,
    ],
    [
      'beta2 > 1',
      () => new Adam([w], { beta2: 1.5 }),
      ValueError,
      /beta2' must be in \(0, 1\), got 1.5/,
    ],
    [
      'weightDecay < 0',
      () => new Adam([w], { weightDecay: -0.1 }),
      ValueError,
      /weightDecay' must be >= 0, got -0.1/,
    ],
    ['lr < 0', () => new Adam([w], { learningRate: -1 }), ValueError, /learningRate' must be >= 0/],
    [
      'a 2-D lr tensor',
      () => new Adam([w], { learningRate: lr2d }),
      ValueError,
      /scalar or a 1-D tensor/,
    ],
    [
      'a group weightDecay < 0',
      () => new Adam([{ params: [w], weightDecay: -1 }]),
      ValueError,
      /params\[0\].weightDecay' must be >= 0/,
    ],
    [
      'a group gradCentralization not a bool',
      () => new Adam([{ params: [w], gradCentralization: 1 as never }]),
      ArgumentTypeError,
      /gradCentralization' must be a boolean/,
    ],
    [
      'an unknown group key',
      () => new Adam([{ params: [w], momentum: 0.9 } as never]),
      ValueError,
      /argument 'momentum' is not a known key of params\[0\]/,
    ],
    [
      'orderParams outside the groups',
      () => new Adam([{ params: [w] }, { orderParams: [w, x] }]),
      ValueError,
      /orderParams' holds 'x', which is in no group/,
    ],
    [
      'a parameter in two groups',
      () => new Adam([{ params: [w] }, { params: [w] }]),
      ValueError,
      /holds the parameter 'w' twice/,
    ],
    ['empty params', () => new Adam([]), ValueError, /params' must not be empty/],
  ];
  it.each(cases)('%s', (_name, make, kind, message) => {
    const before = memory().tensors;
    let caught: unknown;
    try {
      make();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(kind);
    expect((caught as Error).message).toMatch(/^nn\.Adam: argument '/);
    expect((caught as Error).message).toMatch(message);
    expect(memory().tensors).toBe(before);
  });

  it('ArgumentTypeError is a TypeError', () => {
    expect(() => new Adam([w], { beta1: '1' as never })).toThrow(TypeError);
  });
});

class DocumentationNet extends Cell {
  conv = new Conv2d(1, 2, 3, { padMode: 'valid' });
  flatten = new Flatten();
  fc = new Dense(8, 3);
  construct(x: Tensor): Tensor {
    return this.fc(this.flatten(this.conv(x)));
  }
}

describe("the example of MindSpore's nn.Adam documentation", () => {
  it("groups as in MindSpore's documentation: conv params decay and centralize, the rest use lr 0.01, order from orderParams", () => {
    const net = new DocumentationNet();
    const trainable = net.trainableParams();
    // 1) All parameters use the same learning rate and weight decay.
    const plain = new Adam(net.trainableParams());
    expect(plain.parameters.map((p) => p.name)).toEqual(['conv.weight', 'fc.weight', 'fc.bias']);
    // 2) Use parameter groups and set different values.
    const convParams = trainable.filter((x) => x.name.includes('conv'));
    const noConvParams = trainable.filter((x) => !x.name.includes('conv'));
    const groupParams = [
      { params: convParams, weightDecay: 0.01, gradCentralization: true },
      { params: noConvParams, lr: 0.01 },
      { orderParams: net.trainableParams() },
    ];
    const optim = new Adam(groupParams, { learningRate: 0.1, weightDecay: 0.0 });
    // The conv params use the default lr 0.1, weight decay 0.01 and centralization.
    expect(optim.groups[0]).toMatchObject({ weightDecay: 0.01, gradCentralization: true });
    // The others use lr 0.01, the default weight decay 0.0 and no centralization.
    expect(optim.groups[1]).toMatchObject({ weightDecay: 0, gradCentralization: false });
    expect(optim.getLr()).toEqual([0.1, 0.01]);
    // The order the optimizer follows is orderParams'.
    expect(optim.parameters).toEqual(trainable);

    const loss = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' });
    const forwardFn = (data: Tensor, label: Tensor) => loss(net(data), label);
    const gradFn = valueAndGrad(forwardFn, null, optim.parameters);
    const data = tensor(pseudoRandom(2 * 16, 7), [2, 1, 4, 4]);
    const label = tensor([0, 2], undefined, 'int32');
    const starts = trainable.map(flat);
    const [first, grads] = gradFn(data, label);
    const gradValues = (grads as Tensor[]).map((g) => Array.from(g.dataSync()));
    optim(grads as Tensor[]);
    const expected = [
      nnAdamReference(starts[0]!, [gradValues[0]!], {
        lr: () => 0.1,
        weightDecay: 0.01,
        centralizeRows: 9,
      }),
      nnAdamReference(starts[1]!, [gradValues[1]!], { lr: () => 0.01 }),
      nnAdamReference(starts[2]!, [gradValues[2]!], { lr: () => 0.01 }),
    ];
    trainable.forEach((p, i) => {
      flat(p).forEach((x, j) => {
        expect(Math.abs(x - expected[i]![0]![j]!)).toBeLessThanOrEqual(1e-6);
      });
    });
    let last = first.item() as number;
    for (let i = 0; i < 20; i++) {
      const [value, g] = gradFn(data, label);
      optim(g as Tensor[]);
      last = value.item() as number;
    }
    expect(last).toBeLessThan(first.item() as number);
  });
});

describe('nn.Adam state and checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-adam-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a checkpoint with the optimizer reproduces the next steps bit for bit', () => {
    const make = () => {
      const a = param('a.weight', [2, 2], 60);
      const b = param('a.gamma', [2], 61);
      return {
        params: [a, b],
        optimizer: new Adam([a, b], { learningRate: [0.1, 0.05, 0.02], weightDecay: 0.1 }),
      };
    };
    const grads = (t: number) => [
      tensor(pseudoRandom(4, 70 + t), [2, 2]),
      tensor(pseudoRandom(2, 80 + t)),
    ];
    const one = make();
    for (let t = 0; t < 2; t++) one.optimizer(grads(t));
    const path = join(dir, 'adam.safetensors');
    saveCheckpoint(one.params, path, { optimizer: one.optimizer });
    const two = make();
    loadCheckpoint(path, two.params, { optimizer: two.optimizer });
    expect(two.optimizer.globalStep).toBe(2);
    for (let t = 2; t < 5; t++) {
      one.optimizer(grads(t));
      two.optimizer(grads(t));
    }
    two.params.forEach((p, i) => {
      expect(flat(p)).toEqual(flat(one.params[i]!));
    });
  });

  it('loadStateDict refuses a mismatched state and changes nothing', () => {
    const a = param('a', [2], 1);
    const optimizer = new Adam([a]);
    optimizer([tensor([1, 1])]);
    const before = optimizer.stateDict();
    const other = new Adam([param('b', [3], 2)]);
    expect(() => optimizer.loadStateDict(other.stateDict())).toThrow(
      /float32 \[3\] but the optimizer holds float32 \[2\]/,
    );
    expect(optimizer.stateDict()).toEqual(before);
    expect(() => optimizer.loadStateDict({ globalStep: -1, groups: [] })).toThrow(ValueError);
  });
});
