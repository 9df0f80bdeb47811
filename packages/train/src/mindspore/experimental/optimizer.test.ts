// The stateful shell's porting paths: options as the documented signatures take them, state
// that outlives enclosing scopes, and state dicts loaded back into the optimizer that made them.
import { memory, scope, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dense } from '../../layers/dense.js';
import { TrainOneStepCell } from '../../loss-scale/train-one-step-cell.js';
import { TrainOneStepWithLossScaleCell } from '../../loss-scale/train-one-step-with-loss-scale-cell.js';
import { WithLossCell } from '../../loss-scale/with-loss-cell.js';
import { MSELoss } from '../../losses/elementwise-losses.js';
import { Parameter } from '../../parameter/parameter.js';
import * as torch from '../../torch/index.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { SGD } from './sgd.js';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('options', () => {
  it('a number in the options position is the learning rate', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    expect(new Adam([w], 0.1).paramGroups[0]!.lr).toBe(0.1);
    expect(new AdamW([w], 0.1).paramGroups[0]!.weightDecay).toBe(1e-2);
    expect(new SGD([w], 0.5).paramGroups[0]!.lr).toBe(0.5);
    expect(new torch.Adam([w], 0.1).paramGroups[0]!.lr).toBe(0.1);
    // Same numbers as the object form.
    const [a, b] = [new Parameter(tensor([1, 2]), 'a'), new Parameter(tensor([1, 2]), 'b')];
    new Adam([a], 0.1)([tensor([0.3, -0.2])]);
    new Adam([b], { lr: 0.1 })([tensor([0.3, -0.2])]);
    expect(values(a.value)).toEqual(values(b.value));
  });

  it('refuses snake_case and misspelt keys, in options and in group dicts', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    expect(() => new Adam([w], { weight_decay: 0.1 } as never)).toThrow(
      "Adam: argument 'weight_decay' is not a known option; did you mean 'weightDecay'?",
    );
    expect(() => new torch.Adam([w], { lrr: 0.1 } as never)).toThrow(/did you mean 'lr'/);
    expect(() => new SGD([{ params: [w], lr: 0.1, weight_decay: 0.1 }], { lr: 0.1 })).toThrow(
      /argument 'weight_decay' is not a known param group key; did you mean 'weightDecay'/,
    );
    const optimizer = new Adam([w]);
    const v = new Parameter(tensor([3]), 'v');
    expect(() => optimizer.addParamGroup({ params: [v], betas_: [0.9, 0.9] })).toThrow(ValueError);
    expect(optimizer.paramGroups).toHaveLength(1);
  });
});

describe('state owned by the optimizer', () => {
  it('survives an enclosing scope, step after step', () => {
    for (const make of [
      (w: Parameter) => new Adam([w], { lr: 0.1 }),
      (w: Parameter) => new torch.Adam([w], { lr: 0.1, amsgrad: true }),
    ]) {
      const w = new Parameter(tensor([1, 2]), 'w');
      const reference = new Parameter(tensor([1, 2]), 'r');
      const optimizer = make(w);
      const outside = make(reference);
      for (let i = 0; i < 3; i++) {
        scope(() => optimizer([tensor([0.5, -1])]));
        outside([tensor([0.5, -1])]);
      }
      expect(values(w.value)).toEqual(values(reference.value));
      expect(optimizer.state.get(w)?.step).toBe(3);
    }
  });

  it('TrainOneStepCell and TrainOneStepWithLossScaleCell step twice with optim.Adam', () => {
    for (const makeCell of [
      (net: WithLossCell, optimizer: Adam) => (x: Tensor, y: Tensor) =>
        new TrainOneStepCell(net, optimizer)(x, y),
      (net: WithLossCell, optimizer: Adam) => {
        const cell = new TrainOneStepWithLossScaleCell(net, optimizer, 1);
        return (x: Tensor, y: Tensor) => cell(x, y).loss;
      },
    ]) {
      const dense = new Dense(2, 1);
      const optimizer = new Adam(dense.trainableParams(), { lr: 0.01 });
      const step = makeCell(new WithLossCell(dense, new MSELoss()), optimizer);
      const x = tensor([[1, 2]]);
      const y = tensor([[1]]);
      const losses = [0, 1, 2].map(() => {
        const loss = step(x, y);
        const value = loss.item() as number;
        loss.dispose();
        return value;
      });
      expect(losses[2]).toBeLessThan(losses[0]!);
    }
  });
});

describe('loadStateDict', () => {
  it('loads its own stateDict and steps on identically', () => {
    for (const make of [
      (w: Parameter) => new Adam([w], { lr: 0.1 }),
      (w: Parameter) => new torch.Adam([w], { lr: 0.1 }),
    ]) {
      const w = new Parameter(tensor([1, 2]), 'w');
      const reference = new Parameter(tensor([1, 2]), 'r');
      const optimizer = make(w);
      const other = make(reference);
      optimizer([tensor([0.5, -1])]);
      other([tensor([0.5, -1])]);
      optimizer.loadStateDict(optimizer.stateDict());
      optimizer([tensor([0.25, 2])]);
      other([tensor([0.25, 2])]);
      expect(values(w.value)).toEqual(values(reference.value));
    }
  });

  it('a failed load leaves the optimizer exactly as it was', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new torch.Adam([w], { lr: 0.1 });
    optimizer([tensor([0.5, -1])]);
    const before = JSON.stringify(optimizer.stateDict());
    const tensors = memory().tensors;
    const bad = JSON.parse(before);
    bad.param_groups[0].lr = 0.5;
    bad.state['0'].exp_avg = [1, 2, 3];
    expect(() => optimizer.loadStateDict(bad)).toThrow(ValueError);
    expect(JSON.stringify(optimizer.stateDict())).toBe(before);
    expect(memory().tensors).toBe(tensors);
  });
});

describe('torch zeroGrad', () => {
  it('zeroGrad(true) is set_to_none, zeroGrad(false) zeros', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new torch.SGD([w], { lr: 0.1 });
    w.grad = tensor([3, 4]);
    optimizer.zeroGrad(false);
    expect(values(w.grad)).toEqual([0, 0]);
    optimizer.zeroGrad(true);
    expect(w.grad).toBeNull();
    expect(() => optimizer.zeroGrad({ set_to_none: true } as never)).toThrow(
      /did you mean 'setToNone'/,
    );
  });
});

describe('a rate checked where it is used', () => {
  it.each([Number.NaN, -0.1])(
    'refuses a group lr of %s set between steps, changing nothing',
    (bad) => {
      const w = new Parameter(tensor([1, 2]), 'w');
      const optimizer = new Adam([w], 0.1);
      optimizer([tensor([0.5, -1])]);
      const before = values(w.value);
      optimizer.paramGroups[0]!.lr = bad;
      expect(() => optimizer([tensor([0.5, -1])])).toThrow(/Invalid learning rate/);
      expect(values(w.value)).toEqual(before);
      expect(optimizer.state.get(w)?.step).toBe(1);
    },
  );

  it('refuses an nn schedule that gives a negative rate at a later step', async () => {
    const nn = await import('../nn/index.js');
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new nn.SGD([w], { learningRate: (step: number) => 0.1 - step * 0.1 });
    optimizer([tensor([0.5, -1])]);
    optimizer([tensor([0.5, -1])]); // rate 0 at step 1
    const before = values(w.value);
    expect(() => optimizer([tensor([0.5, -1])])).toThrow(/expected a finite number >= 0/);
    expect(values(w.value)).toEqual(before);
    expect(optimizer.globalStep).toBe(2);
  });
});
