// Model frees only what was made for it: the caller's tensors survive train, eval and predict.
import { gather, memory, mul, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.js';
import { setSeed } from '../initializers/seed.js';
import { Dense } from '../layers/dense.js';
import { SoftmaxCrossEntropyWithLogits } from '../losses/class-losses.js';
import { SGD } from '../mindspore/nn/sgd.js';
import { EpochSummary } from './callbacks/epoch-summary.js';
import { Accuracy } from './metrics/accuracy.js';
import { Model } from './model.js';

function setup() {
  setSeed(3);
  const net = new Dense(2, 2);
  const optimizer = new SGD(net.trainableParams(), { learningRate: 0.5 });
  const model = new Model(net, {
    lossFn: new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }),
    optimizer,
    metrics: { accuracy: new Accuracy() },
  });
  const x = tensor([
    [1, 0],
    [0, 1],
  ]);
  const y = tensor([0, 1], undefined, 'int32');
  return { model, x, y };
}

describe('Model and the tensors it is given', () => {
  it('trains several epochs on a dataset that yields the same [x, y] every time', async () => {
    const { model, x, y } = setup();
    const data = [[x, y]] as const;
    const lines: string[] = [];
    await model.train(3, data, { print: (line) => lines.push(line) });
    expect(x.isDisposed).toBe(false);
    expect(y.isDisposed).toBe(false);
    expect(model.eval(data)).toEqual({ accuracy: 1 });
    const logits = model.predict(x);
    expect(logits.shape).toEqual([2, 2]);
    logits.dispose();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^epoch 1\/3: loss [\d.]+ \([\d.]+ s\)$/);
  });

  it('still frees the batches a dataset makes, so memory stays flat', async () => {
    const { model, x, y } = setup();
    const data = Dataset.fromTensors([x, y]).batch(1);
    await model.train(1, data, { verbose: false });
    const before = memory().tensors;
    await model.train(4, data, { verbose: false });
    model.eval(data);
    expect(memory().tensors).toBe(before);
    expect(x.isDisposed || y.isDisposed).toBe(false);
  });

  it('leaves what a dataset made but has not yielded yet: a shuffle reading ahead', async () => {
    const { model, x, y } = setup();
    const data = Dataset.fromTensors([x, y])
      .map((row, label) => [mul(row, 1), label] as const)
      .shuffle(1)
      .batch(1);
    await model.train(1, data, { verbose: false });
    const before = memory().tensors;
    await model.train(3, data, { verbose: false });
    expect(model.eval(data).accuracy).toBeGreaterThanOrEqual(0);
    expect(memory().tensors).toBe(before);
  });

  it('keeps a tensor a generator made until it stops yielding it, then frees it', async () => {
    const { model, x } = setup();
    const before = memory().tensors;
    const rows = [
      [1, 0],
      [0, 1],
    ];
    let shared: Tensor | undefined;
    const data = {
      *[Symbol.iterator]() {
        // Made once per epoch, before the first batch, and used for every batch.
        const table = tensor(rows);
        shared = tensor([0], undefined, 'int32');
        yield [gather(table, [0], 0), shared] as const;
        yield [gather(table, [0], 0), shared] as const;
        table.dispose();
      },
    };
    await model.train(2, data, { verbose: false });
    expect(shared!.isDisposed).toBe(true);
    expect(memory().tensors).toBe(before);
    expect(x.isDisposed).toBe(false);
  });

  it('frees a generator batch even when the step throws, and leaves the caller tensors', async () => {
    const { model, x } = setup();
    const before = memory().tensors;
    const wrongLabels = {
      *[Symbol.iterator]() {
        yield [x, tensor([[9, 9, 9]])] as const;
      },
    };
    await expect(model.train(1, wrongLabels, { verbose: false })).rejects.toThrow();
    expect(memory().tensors).toBe(before);
    expect(x.isDisposed).toBe(false);
  });

  it('prints the validation metrics in the summary line, or nothing with verbose false', async () => {
    const { model, x, y } = setup();
    const data = [[x, y]] as const;
    const lines: string[] = [];
    await model.train(2, data, { validDataset: data, print: (line) => lines.push(line) });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^epoch 2\/2: loss [\d.e-]+, eval_accuracy [\d.]+ \([\d.]+ s\)$/);
    const silent: string[] = [];
    await model.train(2, data, { verbose: false, print: (line) => silent.push(line) });
    expect(silent).toEqual([]);
  });
});

describe('Model called from plain JavaScript', () => {
  it('refuses positional loss and optimizer, showing the options call', () => {
    const { model } = setup();
    const construct = Model as unknown as new (...args: unknown[]) => Model;
    expect(() => new construct(model.network, model.lossFn, model.optimizer)).toThrow(
      /Model: argument 'options' must be one options object, as new Model\(network, \{ lossFn, optimizer, metrics \}\), got 3 arguments/,
    );
    expect(() => new construct(model.network, model.lossFn)).toThrow(/got function/);
    expect(() => new construct({ network: model.network, lossFn: model.lossFn })).toThrow(
      /network' must be a Cell, got an object: the network comes first/,
    );
  });

  it('refuses a dataset that is not iterable and callbacks passed without options', async () => {
    const { model, x, y } = setup();
    const train = model.train.bind(model) as (...args: unknown[]) => Promise<void>;
    await expect(train(1, { x, y })).rejects.toThrow(
      /Model\.train: argument 'dataset' must be iterable, yielding \[input, label\] batches, as model\.train\(epochs, dataset, \{ callbacks: \[new LossMonitor\(\)\] \}\), got an object/,
    );
    await expect(train(1, [[x, y]], [new EpochSummary()])).rejects.toThrow(
      /argument 'options' must be an options object, .* got an array of length 1/,
    );
    await expect(train(1, [[x, y]], { callbacks: new EpochSummary() })).rejects.toThrow(
      /argument 'callbacks' must be an array of callbacks/,
    );
    await expect(train(1, [[x, y]], { verbose: 0 })).rejects.toThrow(
      /argument 'verbose' must be true or false, got a number 0/,
    );
    await expect(train(1, [[x, y]], { print: 'stdout' })).rejects.toThrow(
      /argument 'print' must be a function taking a line/,
    );
    expect(() => model.eval(42 as never)).toThrow(
      /Model\.eval: argument 'dataset' must be iterable/,
    );
    expect(x.isDisposed || y.isDisposed).toBe(false);
  });
});
