// The Optimizer surface beyond the numbers: zeroGrad, backward's accumulation and
// reachability, stateDict round trips (bit for bit, through a safetensors checkpoint),
// and lrScheduler being the shared classes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mul, sum, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/index.js';
import { optim } from '../index.js';
import { Adam, backward, lrScheduler, Parameter, RMSprop, recording, SGD } from './index.js';

const values = (t: Tensor | null) => (t === null ? null : Array.from(t.dataSync()));

describe('grads', () => {
  it('backward accumulates; zeroGrad zeros (default) or sets null', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new SGD([w], { lr: 0.1 });
    for (let i = 0; i < 2; i++) backward(recording([w], () => sum(mul(w.value, w.value))));
    expect(values(w.grad)).toEqual([4, 8]);
    optimizer.zeroGrad();
    expect(values(w.grad)).toEqual([0, 0]);
    optimizer.zeroGrad({ setToNone: true });
    expect(w.grad).toBeNull();
  });

  it('leaves parameters the loss does not reach at null, so step skips them', () => {
    const [w, v] = [new Parameter(tensor([1, 2]), 'w'), new Parameter(tensor([3]), 'v')];
    const optimizer = new Adam([w, v], { lr: 0.1 });
    // v is read but does not feed the loss: PyTorch leaves its grad None too.
    const loss = recording(optimizer, () => {
      mul(v.value, 2);
      return sum(w.value);
    });
    backward(loss);
    expect(v.grad).toBeNull();
    optimizer.step();
    expect(values(v.value)).toEqual([3]);
    expect(optimizer.state.has(v)).toBe(false);
  });

  it("refuses a second backward unless retainGraph, and tensors that weren't recorded", () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const loss = recording([w], () => sum(mul(w.value, 3)));
    backward(loss, { retainGraph: true });
    backward(loss);
    expect(values(w.grad)).toEqual([6, 6]);
    expect(() => backward(loss)).toThrow('backward through the graph a second time');
    expect(() => backward(tensor([1]))).toThrow('does not have a grad_fn');
    const vector = recording([w], () => mul(w.value, 2));
    expect(() => backward(vector)).toThrow(
      'grad can be implicitly created only for scalar outputs',
    );
    backward(vector, { gradient: tensor([1, 0]) });
    expect(values(w.grad)).toEqual([8, 6]);
  });

  it('backward works on any tensor of a tree result', () => {
    const w = new Parameter(tensor([1, 2]), 'w');
    const { loss, scaled } = recording([w], () => ({
      loss: sum(w.value),
      scaled: mul(w.value, 5),
    }));
    backward(loss);
    expect(values(w.grad)).toEqual([1, 1]);
    scaled.dispose();
  });
});

function trainSteps(optimizer: { step(): unknown }, params: Parameter[], from: number, to: number) {
  for (let i = from; i < to; i++) {
    params.forEach((p, k) => {
      p.grad?.dispose();
      p.grad = tensor(p.shape.length === 1 ? [Math.sin(i + k), Math.cos(i * k)] : [0], [
        ...p.shape,
      ]);
    });
    optimizer.step();
  }
}

describe('state dict', () => {
  const make = () => {
    const params = [new Parameter(tensor([1, -2]), 'a'), new Parameter(tensor([0.5, 3]), 'b')];
    const optimizer = new RMSprop([{ params: [params[0]!] }, { params: [params[1]!], lr: 0.03 }], {
      momentum: 0.9,
      centered: true,
      weightDecay: 0.01,
    });
    return { params, optimizer };
  };

  it('round-trips mid-training through a safetensors checkpoint, bit for bit', () => {
    const straight = make();
    trainSteps(straight.optimizer, straight.params, 0, 6);
    const first = make();
    trainSteps(first.optimizer, first.params, 0, 3);
    const dir = mkdtempSync(join(tmpdir(), 'gradkit-torch-'));
    try {
      saveCheckpoint(first.params, join(dir, 'ckpt.safetensors'), { optimizer: first.optimizer });
      const resumed = make();
      loadCheckpoint(join(dir, 'ckpt.safetensors'), resumed.params, {
        optimizer: resumed.optimizer,
      });
      expect(resumed.optimizer.stateDict().param_groups).toEqual(
        first.optimizer.stateDict().param_groups,
      );
      trainSteps(resumed.optimizer, resumed.params, 3, 6);
      resumed.params.forEach((p, i) => {
        expect(values(p.value)).toEqual(values(straight.params[i]!.value));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads from stateDict() directly and copies the tensors', () => {
    const first = make();
    trainSteps(first.optimizer, first.params, 0, 2);
    const sd = first.optimizer.stateDict();
    const second = make();
    second.params.forEach((p, i) => {
      p.assign(tensor(Array.from(first.params[i]!.value.dataSync())));
    });
    second.optimizer.loadStateDict(sd);
    expect(second.optimizer.stateDict().state['0']!.square_avg).not.toBe(sd.state['0']!.square_avg);
    trainSteps(first.optimizer, first.params, 2, 4);
    trainSteps(second.optimizer, second.params, 2, 4);
    expect(values(second.params[1]!.value)).toEqual(values(first.params[1]!.value));
  });
});

describe('lrScheduler', () => {
  it('is the shared optim.lrScheduler, and drives torch optimizers', () => {
    expect(lrScheduler).toBe(optim.lrScheduler);
    expect(lrScheduler.StepLR).toBe(optim.lrScheduler.StepLR);
    const optimizer = new Adam([new Parameter(tensor([1]), 'p')], { lr: 0.1 });
    const scheduler = new lrScheduler.StepLR(optimizer, 1, { gamma: 0.5 });
    scheduler.step();
    expect(optimizer.paramGroups[0]!.lr).toBeCloseTo(0.05);
    expect(optimizer.stateDict().param_groups[0]).toMatchObject({ lr: 0.05, initial_lr: 0.1 });
  });
});
