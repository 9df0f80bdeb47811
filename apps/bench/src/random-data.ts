import { seededUniform } from '@gradkit/tensor';

// Every system builds its inputs from these functions, so all of them start from the same
// numbers: same seed, same float32 values, whichever process asks.

/** size values uniform in [low, high), as float32. */
export function uniformArray(seed: number, size: number, low = -1, high = 1): Float32Array {
  const next = seededUniform(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = low + (high - low) * next();
  return out;
}

/** Glorot-uniform weights for a [fanIn, fanOut] matrix (or a conv with receptive field). */
export function glorotArray(seed: number, size: number, fanIn: number, fanOut: number) {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return uniformArray(seed, size, -limit, limit);
}

/** Class labels in [0, classes) and their one-hot rows. */
export function labelsAndOneHot(seed: number, batch: number, classes: number) {
  const next = seededUniform(seed);
  const labels = new Int32Array(batch);
  const oneHot = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) {
    const label = Math.floor(next() * classes);
    labels[i] = label;
    oneHot[i * classes + label] = 1;
  }
  return { labels, oneHot };
}
