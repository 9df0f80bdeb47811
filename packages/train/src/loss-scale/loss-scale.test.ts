import { memory, mul, sum, type Tensor, tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Cell } from '../cell/cell.js';
import { SequentialCell } from '../cell/sequential-cell.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { CrossEntropyLoss } from '../losses/class-losses.js';
import { Adam } from '../mindspore/nn/adam.js';
import { ArgumentTypeError } from '../mindspore/nn/errors.js';
import { pseudoRandom } from '../mindspore/nn/testing/reference.js';
import { Parameter } from '../parameter/parameter.js';
import { DynamicLossScaleManager, FixedLossScaleManager } from './loss-scale-manager.js';
import { TrainOneStepCell } from './train-one-step-cell.js';
import { TrainOneStepWithLossScaleCell } from './train-one-step-with-loss-scale-cell.js';
import { DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell } from './update-cells.js';
import { WithLossCell } from './with-loss-cell.js';

/** loss = sum(w·x): the gradient of w is x, so an Infinity in x is an injected inf gradient. */
class Linear extends Cell<[Tensor], Tensor> {
  w = new Parameter(tensor([0.5, -0.5]), 'w');
  construct(x: Tensor): Tensor {
    return sum(mul(this.w.value, x));
  }
}

const finite = () => tensor([1, 2]);
const overflowing = () => tensor([1, Number.POSITIVE_INFINITY]);

describe('loss-scale managers', () => {
  it("FixedLossScaleManager: MindSpore's defaults and update cell", () => {
    const manager = new FixedLossScaleManager();
    expect(manager.getLossScale()).toBe(128);
    expect(manager.getDropOverflowUpdate()).toBe(true);
    expect(manager.getUpdateCell()).toBeInstanceOf(FixedLossScaleUpdateCell);
    expect(new FixedLossScaleManager(1024, false).getUpdateCell()).toBeUndefined();
    expect(() => new FixedLossScaleManager(0.5)).toThrow(ValueError);
    expect(() => new FixedLossScaleManager(8, 'no' as never)).toThrow(ArgumentTypeError);
  });

  it("DynamicLossScaleManager: MindSpore's defaults, its cell's scale, validation", () => {
    const manager = new DynamicLossScaleManager();
    expect([manager.initLossScale, manager.scaleFactor, manager.scaleWindow]).toEqual([
      2 ** 24,
      2,
      2000,
    ]);
    const cell = manager.getUpdateCell();
    expect(cell).toBeInstanceOf(DynamicLossScaleUpdateCell);
    expect(manager.getLossScale()).toBe(2 ** 24);
    expect(() => new DynamicLossScaleManager(0.5)).toThrow(/initLossScale' must be >= 1/);
    expect(() => new DynamicLossScaleManager(8, 1)).toThrow(/scaleFactor' must be > 1/);
    expect(() => new DynamicLossScaleManager(8, 2, 0)).toThrow(
      /scaleWindow' must be an integer >= 1/,
    );
    expect(() => new DynamicLossScaleManager('8' as never)).toThrow(TypeError);
  });
});

describe('TrainOneStepWithLossScaleCell', () => {
  it('an overflowing step (injected inf gradient) is skipped and shrinks the scale; a window of good steps grows it', () => {
    const net = new Linear();
    const optimizer = new Adam(net.trainableParams(), { learningRate: 0.1 });
    const step = new TrainOneStepWithLossScaleCell(
      net,
      optimizer,
      new DynamicLossScaleUpdateCell(16, 2, 3),
    );
    const before = Array.from(net.w.value.dataSync());
    const x = overflowing();
    const skipped = step(x);
    expect(skipped.overflow).toBe(true);
    expect(skipped.lossScale).toBe(16);
    expect(step.scaleSense.getLossScale()).toBe(8);
    expect(Array.from(net.w.value.dataSync())).toEqual(before);
    expect(optimizer.globalStep).toBe(0);
    skipped.loss.dispose();

    const trace: [boolean, number][] = [];
    const good = finite();
    for (let i = 0; i < 4; i++) {
      const r = step(good);
      trace.push([r.overflow, step.scaleSense.getLossScale()]);
      r.loss.dispose();
    }
    expect(trace).toEqual([
      [false, 8],
      [false, 8],
      [false, 16], // grown after scaleWindow = 3 good steps
      [false, 16],
    ]);
    expect(optimizer.globalStep).toBe(4);
    expect(Array.from(net.w.value.dataSync())).not.toEqual(before);
  });

  it('the scale never drops below 1; a fixed scale skips overflow and keeps its value', () => {
    const net = new Linear();
    const optimizer = new Adam(net.trainableParams());
    const dynamic = new TrainOneStepWithLossScaleCell(
      net,
      optimizer,
      new DynamicLossScaleUpdateCell(2, 2, 100),
    );
    const x = overflowing();
    for (let i = 0; i < 3; i++) dynamic(x).loss.dispose();
    expect(dynamic.scaleSense.getLossScale()).toBe(1);
    const fixed = new TrainOneStepWithLossScaleCell(net, optimizer, 64);
    const r = fixed(x);
    expect([r.overflow, r.lossScale, fixed.scaleSense.getLossScale()]).toEqual([true, 64, 64]);
    r.loss.dispose();
    fixed.setSenseScale(4);
    expect(fixed.scaleSense.getLossScale()).toBe(4);
  });

  it('with a power-of-two scale it trains exactly as without scaling', () => {
    const make = () => {
      const net = new Linear();
      return { net, optimizer: new Adam(net.trainableParams(), { learningRate: 0.05 }) };
    };
    const plain = make();
    const scaled = make();
    const plainStep = new TrainOneStepCell(plain.net, plain.optimizer);
    const scaledStep = new TrainOneStepWithLossScaleCell(
      scaled.net,
      scaled.optimizer,
      new DynamicLossScaleUpdateCell(1024, 2, 2),
    );
    const x = tensor([0.3, -1.7]);
    for (let i = 0; i < 5; i++) {
      const a = plainStep(x);
      const b = scaledStep(x);
      expect(b.loss.item()).toBe(a.item());
      a.dispose();
      b.loss.dispose();
    }
    expect(scaled.net.w.value.toArray()).toEqual(plain.net.w.value.toArray());
  });
});

describe('TrainOneStepCell', () => {
  it('sens = loss scale with the optimizer dividing by the same lossScale: λ·w is divided too, as MindSpore', () => {
    const make = () => {
      const net = new Linear();
      return net;
    };
    const a = make();
    const b = make();
    // Decay is added to the scaled gradient before the division, so its effect is λ/lossScale.
    const plain = new TrainOneStepCell(
      a,
      new Adam(a.trainableParams(), { learningRate: 0.05, weightDecay: 0.1 / 1024 }),
    );
    const manager = new FixedLossScaleManager(1024, false);
    const withSens = new TrainOneStepCell(
      b,
      new Adam(b.trainableParams(), {
        learningRate: 0.05,
        weightDecay: 0.1,
        lossScale: manager.getLossScale(),
      }),
      { sens: manager.getLossScale() },
    );
    const x = tensor([0.3, -1.7]);
    for (let i = 0; i < 5; i++) {
      plain(x).dispose();
      withSens(x).dispose();
    }
    expect(b.w.value.toArray()).toEqual(a.w.value.toArray());
  });

  it('keeps parameter names (no wrapper prefix)', () => {
    const net = new SequentialCell([new Dense(2, 2)]);
    const cell = new TrainOneStepCell(
      new WithLossCell(net, new CrossEntropyLoss()),
      new Adam(net.trainableParams()),
    );
    expect(cell.parametersAndNames().map(([name]) => name)).toEqual(['0.weight', '0.bias']);
  });

  it('memory stays flat over 2,000 steps', () => {
    setSeed(3);
    const net = new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);
    const optimizer = new Adam(net.trainableParams(), { learningRate: 1e-3 });
    const step = new TrainOneStepCell(
      new WithLossCell(net, new CrossEntropyLoss()),
      optimizer,
    ).setTrain();
    const x = tensor(pseudoRandom(32 * 4, 11), [32, 4]);
    const y = tensor(
      Array.from({ length: 32 }, (_, i) => i % 3),
      undefined,
      'int32',
    );
    for (let i = 0; i < 10; i++) step(x, y).dispose();
    const before = memory();
    let first = 0;
    let last = 0;
    for (let i = 0; i < 2000; i++) {
      const loss = step(x, y);
      if (i === 0) first = loss.item() as number;
      if (i === 1999) last = loss.item() as number;
      loss.dispose();
    }
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
    expect(after.finalized).toBe(before.finalized);
    expect(last).toBeLessThan(first);
  });
});
