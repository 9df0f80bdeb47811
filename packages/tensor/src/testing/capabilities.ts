import type { DType } from '../dtype.js';
import { getBackend } from '../engine.js';

/**
 * Whether the backend under test stores `dtype` (float64 is CPU-only, for precise checks).
 *
 * @example
 * ```ts
 * import { backendSupports } from '@gradkit/tensor/testing';
 *
 * const dtype = backendSupports('float64') ? 'float64' : 'float32';
 * ```
 */
export function backendSupports(dtype: DType): boolean {
  return getBackend().dtypes.includes(dtype);
}
