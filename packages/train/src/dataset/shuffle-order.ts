import { seededUniform } from '@gradkit/tensor';

/** A seeded generator per (seed, epoch), so orders are reproducible without touching tensors. */
export function seededRandom(seed: number, epoch: number): () => number {
  // Mixes the epoch into the seed, so every epoch (and a resumed one) has its own order.
  return seededUniform(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(epoch + 1, 0xc2b2ae35));
}

/** A Fisher–Yates permutation of 0..count-1 drawn from `random`. */
export function permutation(count: number, random: () => number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const kept = order[i]!;
    order[i] = order[j]!;
    order[j] = kept;
  }
  return order;
}

/**
 * MindSpore's buffered shuffle: keeps `bufferSize` items, emits a random one of them as each
 * new item arrives, then the rest in random order. A buffer at least as large as the epoch
 * gives a uniform permutation.
 */
export function* bufferedShuffle<T>(
  items: Iterable<T>,
  bufferSize: number,
  random: () => number,
): Generator<T> {
  const buffer: T[] = [];
  for (const item of items) {
    if (buffer.length < bufferSize) {
      buffer.push(item);
      continue;
    }
    const j = Math.floor(random() * bufferSize);
    yield buffer[j]!;
    buffer[j] = item;
  }
  for (const i of permutation(buffer.length, random)) yield buffer[i]!;
}
