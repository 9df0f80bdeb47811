import { type Tensor, tensor } from '@gradkit/tensor';

/** Distinct deterministic float32 values in [low, high] (a golden-ratio walk: no ties). */
export function spread(shape: readonly number[], seed: number, low = -1.5, high = 1.5): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const unit = ((((i + 1) * 0.6180339887498949 + seed * 0.7548776662466927) % 1) + 1) % 1;
    values[i] = low + (high - low) * unit;
  }
  return tensor(values, shape, 'float32');
}
