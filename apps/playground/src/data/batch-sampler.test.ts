import { describe, expect, it } from 'vitest';
import { BatchSampler, MNIST_MEAN, MNIST_STD } from './batch-sampler.js';
import { type Digits, PIXELS } from './digit-codec.js';

/** n images whose pixels all equal i/n, labelled i % 10. */
function digits(n: number): Digits {
  const pixels = new Float32Array(n * PIXELS);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    pixels.fill(i / n, i * PIXELS, (i + 1) * PIXELS);
    labels[i] = i % 10;
  }
  return { pixels, labels, count: n };
}

describe('BatchSampler', () => {
  it('visits every image once per epoch, normalizes pixels and one-hot encodes labels', () => {
    const set = digits(20);
    const sampler = new BatchSampler(set, 1);
    const seen: number[] = [];
    for (let b = 0; b < 4; b++) {
      const batch = sampler.next(5);
      for (let k = 0; k < 5; k++) {
        const value = batch.inputs[k * PIXELS]! * MNIST_STD + MNIST_MEAN;
        const index = Math.abs(Math.round(value * 20));
        seen.push(index);
        expect(batch.inputs[k * PIXELS + 783]).toBeCloseTo(
          (index / 20 - MNIST_MEAN) / MNIST_STD,
          5,
        );
        expect(batch.labels[k]).toBe(index % 10);
        const row = Array.from(batch.targets.subarray(k * 10, k * 10 + 10));
        expect(row).toEqual(row.map((_, c) => (c === index % 10 ? 1 : 0)));
      }
    }
    expect(seen.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(seen).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sampler.epoch).toBe(1);
    sampler.next(1);
    expect(sampler.epoch).toBe(2);
  });
});
