// Model.train compiles its steps by default: the same numbers as { jit: false }, bit for bit,
// and networks a compiled step would get wrong (random masks, running statistics) run eagerly.
import { type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it, vi } from 'vitest';
import { Cell } from '../cell/cell.js';
import { SequentialCell } from '../cell/sequential-cell.js';
import { LeNet5 } from '../examples/lenet5.js';
import type { JitFallbackInfo, JitOption } from '../grad/jit-option.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { DynamicLossScaleManager } from '../loss-scale/loss-scale-manager.js';
import { TrainOneStepCell } from '../loss-scale/train-one-step-cell.js';
import { TrainOneStepWithLossScaleCell } from '../loss-scale/train-one-step-with-loss-scale-cell.js';
import { SoftmaxCrossEntropyWithLogits } from '../losses/class-losses.js';
import { Adam } from '../mindspore/nn/adam.js';
import { Callback, type RunContext } from './callbacks/callback.js';
import { Model } from './model.js';

class StepLosses extends Callback {
  readonly losses: number[] = [];
  override onTrainStepEnd(context: RunContext): void {
    this.losses.push(context.originalArgs().netOutputs as number);
  }
}

/** Batches of [input, label] whose inputs follow a fixed pattern, labels 0..classes-1. */
function batches(shape: readonly number[], count: number, classes: number): Tensor[][] {
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, (_, b) => [
    tensor(
      Array.from({ length: size }, (_, i) => Math.sin(0.37 * i + b)),
      [...shape],
    ),
    tensor(
      Array.from({ length: shape[0]! }, (_, i) => (i + b) % classes),
      undefined,
      'int32',
    ),
  ]);
}

/** The network, counting the calls that run it (a replay of a compiled step runs none). */
class Counted extends Cell<[Tensor], Tensor> {
  calls = 0;
  constructor(readonly inner: Cell<[Tensor], Tensor>) {
    super();
  }
  construct(x: Tensor): Tensor {
    this.calls++;
    return this.inner(x);
  }
}

interface Run {
  readonly losses: number[];
  readonly weights: number[][];
  /** How many times the network ran while training. */
  readonly calls: number;
  readonly fallbacks: JitFallbackInfo[];
}

async function train(
  build: () => Cell<[Tensor], Tensor>,
  data: Tensor[][],
  jit: JitOption | undefined,
  extra: { readonly lossScale?: boolean } = {},
): Promise<Run> {
  setSeed(11);
  const net = new Counted(build());
  const recorder = new StepLosses();
  const fallbacks: JitFallbackInfo[] = [];
  const model = new Model(net, {
    lossFn: new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }),
    optimizer: new Adam(net.trainableParams(), { learningRate: 0.01 }),
    ...(extra.lossScale === true
      ? { lossScaleManager: new DynamicLossScaleManager(2 ** 16, 2, 2) }
      : {}),
    jit: jit === undefined ? { onFallback: (info) => fallbacks.push(info) } : jit,
  });
  const calls = net.calls;
  await model.train(2, data, { callbacks: [recorder], verbose: false });
  return {
    losses: recorder.losses,
    weights: net.getParameters().map((param) => Array.from(param.value.dataSync())),
    calls: net.calls - calls,
    fallbacks,
  };
}

const mlp = () => new SequentialCell([new Dense(8, 16), new ReLU(), new Dense(16, 3)]);

describe('Model.train compiled by default', () => {
  it('an MLP: the same losses and weights as { jit: false }, bit for bit', async () => {
    const data = batches([4, 8], 3, 3);
    const eager = await train(mlp, data, false);
    const compiled = await train(mlp, data, undefined);
    expect(compiled.losses).toHaveLength(6);
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.weights).toEqual(eager.weights);
    // Eager ran the network every step; compiled, on the first step and the tracing second.
    expect(eager.calls).toBe(6);
    expect(compiled.calls).toBe(2);
    expect(compiled.fallbacks).toEqual([]);
    // It learned something, so the comparison compares training.
    expect(eager.losses.at(-1)!).toBeLessThan(eager.losses[0]!);
  });

  it('LeNet5: the same losses and weights as { jit: false }, bit for bit', async () => {
    const data = batches([2, 1, 32, 32], 2, 10);
    const eager = await train(() => new LeNet5(), data, false);
    const compiled = await train(() => new LeNet5(), data, undefined);
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.weights).toEqual(eager.weights);
    expect(compiled.calls).toBe(2);
    expect(compiled.fallbacks).toEqual([]);
  });

  it('with dynamic loss scaling: the changing scale is an input, the same numbers', async () => {
    const data = batches([4, 8], 3, 3);
    const eager = await train(mlp, data, false, { lossScale: true });
    const compiled = await train(mlp, data, undefined, { lossScale: true });
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.weights).toEqual(eager.weights);
    expect(compiled.calls).toBe(2);
  });

  it('a last batch of another size compiles again and still agrees', async () => {
    const data = [...batches([4, 8], 2, 3), ...batches([3, 8], 1, 3)];
    const eager = await train(mlp, data, false);
    const compiled = await train(mlp, data, undefined);
    expect(compiled.losses).toEqual(eager.losses);
    expect(compiled.weights).toEqual(eager.weights);
    // Steps 1 and 2 as before, and the first batch of three traces its own signature.
    expect(compiled.calls).toBe(3);
  });
});

describe('Model.train falls back to eager where a compiled step would be wrong', () => {
  const cases: [string, () => Cell<[Tensor], Tensor>, RegExp][] = [
    [
      'Dropout (random masks)',
      () =>
        new SequentialCell([
          new Dense(8, 16),
          new ReLU(),
          new Dropout({ p: 0.5 }),
          new Dense(16, 3),
        ]),
      /draws random numbers .*random\.bernoulli/,
    ],
    [
      'BatchNorm (running statistics)',
      () =>
        new SequentialCell([new Dense(8, 16), new BatchNorm1d(16), new ReLU(), new Dense(16, 3)]),
      /assigns parameters .*moving_mean|assigns parameters .*movingMean/i,
    ],
  ];
  for (const [name, build, reason] of cases) {
    it(`${name}: the eager numbers, said once to onFallback`, async () => {
      const data = batches([4, 8], 3, 3);
      const eager = await train(build, data, false);
      const compiled = await train(build, data, undefined);
      const heard = compiled.fallbacks;
      expect(compiled.losses).toEqual(eager.losses);
      expect(compiled.weights).toEqual(eager.weights);
      expect(compiled.calls).toBe(6);
      expect(heard).toHaveLength(1);
      expect(heard[0]!.name).toBe('TrainOneStepCell');
      expect(heard[0]!.reason).toMatch(reason);
    });
  }

  it('says so once with console.warn when no onFallback is given; { jit: false } says nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const build = cases[0]![1];
      const data = batches([4, 8], 3, 3);
      await train(build, data, true);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /^TrainOneStepCell: runs eagerly, not compiled: it draws random numbers/,
      );
      await train(build, data, false);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the jit option is checked like every other', () => {
  it('refuses a misspelt key and a wrong value before anything runs', () => {
    const net = mlp();
    const optimizer = new Adam(net.trainableParams());
    expect(() => new Model(net, { jtt: false } as never)).toThrow(
      /'jtt' is not a known option; did you mean 'jit'/,
    );
    expect(() => new Model(net, { jit: 'yes' } as never)).toThrow(
      /Model: argument 'jit' must be true, false or \{ onFallback \}, got a string "yes"/,
    );
    expect(() => new Model(net, { jit: { onFalback: () => {} } } as never)).toThrow(
      /'onFalback' is not a known option; did you mean 'onFallback'/,
    );
    expect(() => new Model(net, { jit: { onFallback: 1 } } as never)).toThrow(/jit\.onFallback/);
    expect(
      () => new TrainOneStepWithLossScaleCell(net as never, optimizer, 8, { jit: 1 } as never),
    ).toThrow(
      /TrainOneStepWithLossScaleCell: argument 'jit' must be true, false or \{ onFallback \}/,
    );
    expect(
      () => new TrainOneStepWithLossScaleCell(net as never, optimizer, 8, { jt: true } as never),
    ).toThrow(/'jt' is not a known option; did you mean 'jit'/);
    expect(
      () => new TrainOneStepCell(net as never, optimizer, { sens: 2, jit: {}, extra: 1 } as never),
    ).toThrow(/TrainOneStepCell: argument 'extra' is not a known option/);
    expect(new Model(net, { jit: false }).jit).toBe(false);
    expect(new Model(net).jit).toBe(true);
  });
});
