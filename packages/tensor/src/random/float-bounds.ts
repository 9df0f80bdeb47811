import type { FloatDType } from './validation.js';

// Views of one scratch value as a float and as its bits, to step to neighbouring floats.
const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bits = new BigUint64Array(float64.buffer);

/** `x` rounded to the nearest value of `dtype`. */
export function roundTo(dtype: FloatDType, x: number): number {
  return dtype === 'float32' ? Math.fround(x) : x;
}

/** The neighbour of `x` (a value of `dtype`, not NaN) toward +Infinity or -Infinity. */
function neighbour(dtype: FloatDType, x: number, direction: 1 | -1): number {
  if (x === 0) return direction * (dtype === 'float32' ? 2 ** -149 : Number.MIN_VALUE);
  // Floats of one sign are ordered like their bit patterns, so a step is a bit increment.
  const away = x > 0 === direction > 0;
  if (dtype === 'float32') {
    float32[0] = x;
    float32Bits[0] = float32Bits[0]! + (away ? 1 : -1);
    return float32[0]!;
  }
  float64[0] = x;
  float64Bits[0] = float64Bits[0]! + (away ? 1n : -1n);
  return float64[0]!;
}

/** The smallest value of `dtype` that is >= x. */
export function lowestAtLeast(dtype: FloatDType, x: number): number {
  const rounded = roundTo(dtype, x);
  return rounded >= x ? rounded : neighbour(dtype, rounded, 1);
}

/** The largest value of `dtype` that is < x. */
export function highestBelow(dtype: FloatDType, x: number): number {
  const rounded = roundTo(dtype, x);
  return rounded < x ? rounded : neighbour(dtype, rounded, -1);
}

/** The largest value of `dtype` that is <= x. */
export function highestAtMost(dtype: FloatDType, x: number): number {
  const rounded = roundTo(dtype, x);
  return rounded <= x ? rounded : neighbour(dtype, rounded, -1);
}

/** `x` rounded to `dtype` and then clamped into [low, high] (both values of `dtype`). */
export function roundInto(dtype: FloatDType, x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, roundTo(dtype, x)));
}
