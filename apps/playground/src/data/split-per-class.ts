import { type Digits, PIXELS } from './digit-codec.js';

/**
 * Takes the first `train` images of every class for training and the next `test` for testing,
 * from flat per-class pixel arrays (`perClass[label]`, 784 values an image). Deterministic,
 * balanced and disjoint. Images are interleaved by class (0, 1, ..., 9, 0, 1, ...) so any
 * prefix of either set is balanced too.
 */
export function splitPerClass(
  perClass: readonly ArrayLike<number>[],
  train: number,
  test: number,
): { train: Digits; test: Digits } {
  perClass.forEach((data, label) => {
    const available = Math.floor(data.length / PIXELS);
    if (available < train + test) {
      throw new Error(`class ${label} has ${available} images, ${train + test} wanted`);
    }
  });
  const take = (from: number, per: number): Digits => {
    const count = per * perClass.length;
    const pixels = new Float32Array(count * PIXELS);
    const labels = new Uint8Array(count);
    for (let k = 0; k < per; k++) {
      perClass.forEach((data, label) => {
        const slot = k * perClass.length + label;
        const start = (from + k) * PIXELS;
        for (let p = 0; p < PIXELS; p++) pixels[slot * PIXELS + p] = data[start + p]!;
        labels[slot] = label;
      });
    }
    return { pixels, labels, count };
  };
  return { train: take(0, train), test: take(train, test) };
}
