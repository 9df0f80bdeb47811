import { seededUniform } from '@gradkit/tensor';
import { type Digits, PIXELS } from './digit-codec.js';

// MNIST's pixel mean and standard deviation (as torchvision and apps/mnist use).
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/** Writes `pixels` (values in [0, 1]) normalized into `out` at `offset`. */
export function normalizeInto(pixels: ArrayLike<number>, out: Float32Array, offset = 0): void {
  for (let i = 0; i < pixels.length; i++) out[offset + i] = (pixels[i]! - MNIST_MEAN) / MNIST_STD;
}

/** A host-side batch: normalized images [n, 784], one-hot targets [n, 10] and the labels. */
export interface Batch {
  readonly size: number;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  readonly labels: Uint8Array;
}

/** Draws batches without replacement, reshuffling (seeded) at the end of every epoch. */
export class BatchSampler {
  private readonly random: () => number;
  private order: Uint32Array;
  private position: number;
  epoch = 0;

  constructor(
    private readonly digits: Digits,
    seed: number,
  ) {
    this.random = seededUniform(seed);
    this.order = new Uint32Array(digits.count);
    this.position = digits.count;
  }

  private shuffle(): void {
    const order = this.order;
    for (let i = 0; i < order.length; i++) order[i] = i;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.position = 0;
    this.epoch++;
  }

  next(size: number): Batch {
    const inputs = new Float32Array(size * PIXELS);
    const targets = new Float32Array(size * 10);
    const labels = new Uint8Array(size);
    for (let k = 0; k < size; k++) {
      if (this.position >= this.order.length) this.shuffle();
      const index = this.order[this.position++]!;
      const label = this.digits.labels[index]!;
      normalizeInto(
        this.digits.pixels.subarray(index * PIXELS, (index + 1) * PIXELS),
        inputs,
        k * PIXELS,
      );
      targets[k * 10 + label] = 1;
      labels[k] = label;
    }
    return { size, inputs, targets, labels };
  }
}
