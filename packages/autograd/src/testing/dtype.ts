import { type FloatDType, type Shape, type Tensor, tensor } from '@gradkit/tensor';
import { backendSupports, type Tolerance } from '@gradkit/tensor/testing';

/**
 * The float dtype the suite computes in: float64 where the backend under test stores it
 * (the CPU reference, where every check is tight), float32 on float32-only backends (gpu.js).
 */
export function testDType(): FloatDType {
  return backendSupports('float64') ? 'float64' : 'float32';
}

/** A tensor of `data` in the suite's float dtype (float64 on the CPU reference). */
export function floats(data: Parameters<typeof tensor>[0], shape?: Shape): Tensor {
  return tensor(data, shape, testDType());
}

/** Tolerances of float32 arithmetic for results that went through a few ops. */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** `float64` when the suite computes in float64 (unchanged, tight), else `float32`. */
export function tolerance(float64: Tolerance, float32: Tolerance = FLOAT32_TOLERANCE): Tolerance {
  return testDType() === 'float64' ? float64 : float32;
}
