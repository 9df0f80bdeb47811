import { type Digits, PIXELS } from './mnist-digits.js';
import { createRng, permutation } from './rng.js';

/** The split's own seed: fixed, so every run (whatever its --seed) tests on the same digits. */
export const SPLIT_SEED = 20_240_611;

export interface Split {
  readonly train: Digits;
  readonly test: Digits;
}

function take(digits: Digits, indices: Int32Array): Digits {
  const pixels = new Float32Array(indices.length * PIXELS);
  const labels = new Int32Array(indices.length);
  indices.forEach((src, dst) => {
    pixels.set(digits.pixels.subarray(src * PIXELS, (src + 1) * PIXELS), dst * PIXELS);
    labels[dst] = digits.labels[src]!;
  });
  return { pixels, labels, count: indices.length };
}

/** A fixed, seeded split into `trainCount` training and `testCount` held-out digits. */
export function splitDigits(digits: Digits, trainCount = 8000, testCount = 2000): Split {
  if (trainCount + testCount > digits.count) {
    throw new RangeError(`only ${digits.count} digits, asked for ${trainCount} + ${testCount}`);
  }
  const order = permutation(digits.count, createRng(SPLIT_SEED));
  return {
    train: take(digits, order.subarray(0, trainCount)),
    test: take(digits, order.subarray(trainCount, trainCount + testCount)),
  };
}

/** The first `n` digits (for shortened runs). */
export function limitDigits(digits: Digits, n: number): Digits {
  if (n >= digits.count) return digits;
  return {
    pixels: digits.pixels.subarray(0, n * PIXELS),
    labels: digits.labels.subarray(0, n),
    count: n,
  };
}
