import { createRequire } from 'node:module';

/** MNIST digits as flat arrays: image i is pixels[i*784 .. (i+1)*784), values in [0, 1]. */
export interface Digits {
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/**
 * Loads the 10,000 labelled digits the `mnist` package ships as JSON (one file per class).
 * Read straight from the files rather than through the package's API, whose sets are
 * shuffled with Math.random and so not reproducible.
 */
export function loadDigits(): Digits {
  const require = createRequire(import.meta.url);
  const perClass: number[][] = [];
  for (let label = 0; label < 10; label++) {
    const file = require(`mnist/src/digits/${label}.json`) as { data: number[] };
    perClass.push(file.data);
  }
  const count = perClass.reduce((n, data) => n + Math.floor(data.length / PIXELS), 0);
  const pixels = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  let offset = 0;
  perClass.forEach((data, label) => {
    const n = Math.floor(data.length / PIXELS);
    pixels.set(data.slice(0, n * PIXELS), offset * PIXELS);
    labels.fill(label, offset, offset + n);
    offset += n;
  });
  return { pixels, labels, count };
}
