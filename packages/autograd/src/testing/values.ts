import {
  type Primitive,
  type Shape,
  type Tensor,
  tensor,
  withPrimitiveObserver,
} from '@gradkit/tensor';
import { testDType } from './dtype.js';

/**
 * Distinct, deterministic values in [low, high], in the suite's float dtype (float64 on the
 * CPU reference, float32 on float32-only backends): distinct so that max, min and pooling
 * have no ties, where a finite difference would straddle a kink.
 */
export function values(shape: Shape, seed: number, low = -1.5, high = 1.5): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    // A golden-ratio walk: well spread and never repeating.
    const unit = ((((i + 1) * 0.6180339887498949 + seed * 0.7548776662466927) % 1) + 1) % 1;
    out[i] = low + (high - low) * unit;
  }
  return tensor(out, shape, testDType());
}

/** The names of the primitives `fn` runs. */
export function primitivesRunBy(fn: () => unknown): Set<Primitive> {
  const seen = new Set<Primitive>();
  withPrimitiveObserver({ onPrimitive: (primitive) => seen.add(primitive) }, fn);
  return seen;
}
