// The stateful base every front end shares: one life for the state (kept from enclosing
// scopes, freed when replaced, copied on load) and one all-or-nothing step, checked through
// each front end's Adam and SGD.
import { memory, scope, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import * as optim from '../mindspore/experimental/index.js';
import * as nn from '../mindspore/nn/index.js';
import * as mxnet from '../mxnet/index.js';
import { Parameter } from '../parameter/parameter.js';
import * as torch from '../torch/index.js';
import { CallableOptimizer } from './callable-optimizer.js';
import { StatefulOptimizer } from './stateful-optimizer.js';

type Step = (grads: Tensor[]) => void;

interface FrontEnd {
  readonly name: string;
  readonly make: (params: Parameter[]) => {
    optimizer: unknown;
    step: Step;
    state: () => unknown;
  };
}

const frontEnds: FrontEnd[] = [
  {
    name: 'optim.Adam',
    make: (p) => {
      const o = new optim.Adam(p, 0.1);
      return { optimizer: o, step: (g) => o(g), state: () => o.stateDict() };
    },
  },
  {
    name: 'torch.SGD',
    make: (p) => {
      const o = new torch.SGD(p, { lr: 0.1, momentum: 0.9 });
      return {
        optimizer: o,
        step: (g) => {
          p.forEach((param, i) => {
            param.grad = g[i]!;
          });
          try {
            o.step();
          } finally {
            for (const param of p) param.grad = null;
          }
        },
        state: () => o.stateDict(),
      };
    },
  },
  {
    name: 'nn.Adam',
    make: (p) => {
      const o = new nn.Adam(p, 0.1);
      return { optimizer: o, step: (g) => o(g), state: () => o.stateDict() };
    },
  },
  {
    name: 'nn.Momentum',
    make: (p) => {
      const o = new nn.Momentum(p, { learningRate: 0.1, momentum: 0.9 });
      return { optimizer: o, step: (g) => o(g), state: () => o.stateDict() };
    },
  },
];

const params = () => [
  new Parameter(tensor([1, 2, 3], [3]), 'a.weight'),
  new Parameter(tensor([0.5, -0.5], [2]), 'b.weight'),
];
const grads = (k: number) => [tensor([0.1 * k, -0.2, 0.3], [3]), tensor([-0.4, 0.5 * k], [2])];

/** Every tensor in a state tree, as its values. */
function snapshot(node: unknown): unknown {
  if (node !== null && typeof node === 'object' && 'dataSync' in node) {
    return Array.from((node as Tensor).dataSync());
  }
  if (Array.isArray(node)) return node.map(snapshot);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, snapshot(v)]));
  }
  return node;
}

describe.each(frontEnds)('$name on the shared stateful base', ({ make }) => {
  it('is a StatefulOptimizer and a CallableOptimizer', () => {
    const { optimizer } = make(params());
    expect(optimizer).toBeInstanceOf(StatefulOptimizer);
    expect(optimizer).toBeInstanceOf(CallableOptimizer);
  });

  it('keeps its state through an enclosing scope and frees what each step replaces', () => {
    const inside = params();
    const outside = params();
    const a = make(inside);
    const b = make(outside);
    a.step(grads(1));
    b.step(grads(1));
    const g = grads(2);
    const before = memory().tensors;
    for (let k = 0; k < 3; k++) scope(() => a.step(g));
    // Parameters and state are replaced, never added to: as many live tensors as before.
    expect(memory().tensors).toBe(before);
    for (let k = 0; k < 3; k++) b.step(g);
    expect(inside.map((p) => Array.from(p.value.dataSync()))).toEqual(
      outside.map((p) => Array.from(p.value.dataSync())),
    );
    expect(snapshot(a.state())).toEqual(snapshot(b.state()));
  });

  it('refuses a bad last gradient before anything changes', () => {
    const p = params();
    const { step, state } = make(p);
    step(grads(1));
    const weights = p.map((param) => Array.from(param.value.dataSync()));
    const saved = snapshot(state());
    const bad = [tensor([1, 1, 1], [3]), tensor([1, 1, 1], [3])];
    const before = memory().tensors;
    expect(() => step(bad)).toThrow();
    expect(memory().tensors).toBe(before);
    expect(p.map((param) => Array.from(param.value.dataSync()))).toEqual(weights);
    expect(snapshot(state())).toEqual(saved);
  });
});

describe('loading its own state dict', () => {
  it('copies before it frees, for optim and nn alike', () => {
    for (const make of [
      (p: Parameter[]) => new optim.Adam(p, 0.1),
      (p: Parameter[]) => new nn.Adam(p, 0.1),
    ]) {
      const p = params();
      const optimizer = make(p);
      optimizer(grads(1));
      const saved = snapshot(optimizer.stateDict());
      optimizer.loadStateDict(optimizer.stateDict());
      expect(snapshot(optimizer.stateDict())).toEqual(saved);
      optimizer(grads(2));
    }
  });
});

describe('MXNet Adam over the transform state', () => {
  it("creates its mean and variance with the transform's own init", () => {
    const weight = new Parameter(tensor([1, 2, 3], [3]), 'w');
    const optimizer = new mxnet.Adam(0.1);
    const [mean, variance] = optimizer.createState(0, weight);
    expect(mean.shape).toEqual([3]);
    expect(Array.from(mean.dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(variance.dataSync())).toEqual([0, 0, 0]);
  });

  it('refuses a state that is not the one createState made, changing nothing', () => {
    const a = new Parameter(tensor([1, 2, 3], [3]), 'a');
    const b = new Parameter(tensor([1, 2], [2]), 'b');
    const optimizer = new mxnet.Adam(0.1);
    const state = optimizer.createState(0, a);
    const wrong = optimizer.createState(1, a);
    const before = Array.from(a.value.dataSync());
    let error: unknown;
    try {
      optimizer.update([0, 1], [a, b], [tensor([1, 1, 1]), tensor([1, 1])], [state, wrong]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).message).toMatch(/Adam\.step.*states\[1\].*'b'/);
    expect(Array.from(a.value.dataSync())).toEqual(before);
    expect(Array.from(state[0].dataSync())).toEqual([0, 0, 0]);
    expect(optimizer.indexUpdateCount.size).toBe(0);
  });
});
