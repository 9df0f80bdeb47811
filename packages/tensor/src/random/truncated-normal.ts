import { tensor } from '../creation.js';
import { allocate } from '../dtype.js';
import { ValueError } from '../errors.js';
import { noteRandomDraw } from '../observer.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { CounterStream } from './counter-stream.js';
import { highestAtMost, lowestAtLeast, roundInto } from './float-bounds.js';
import { boxMuller, unitDraw } from './normal.js';
import { assertKey, type RandomKey } from './random-key.js';
import {
  boundNumber,
  checkOptions,
  type FloatDType,
  floatDType,
  sampleSize,
} from './validation.js';

export interface TruncatedNormalOptions {
  /** Lower bound of the standard normal, may be -Infinity; default -2. */
  lower?: number;
  /** Upper bound of the standard normal, may be Infinity; default 2. */
  upper?: number;
  /** Default float32. */
  dtype?: FloatDType;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/*
 * Exact rejection samplers after C. P. Robert, "Simulation of truncated normal variables"
 * (1995). Each accepts with probability above about 0.37 for any interval, so even far
 * tails and narrow intervals cost a few draws.
 */

/** A standard normal conditioned on [lower, upper] with lower < 0 < upper. */
function sampleAroundZero(lower: number, upper: number, next: () => number): number {
  if (upper - lower >= SQRT_2PI) {
    // Wide: normal proposals, accepted when they fall inside.
    for (;;) {
      const z = boxMuller(next(), next());
      if (z >= lower && z <= upper) return z;
    }
  }
  // Narrow: uniform proposals, accepted with the density relative to its peak at 0.
  for (;;) {
    const z = lower + (upper - lower) * next();
    if (next() < Math.exp(-0.5 * z * z)) return z;
  }
}

/** A standard normal conditioned on [lower, upper] with 0 <= lower. */
function sampleTail(lower: number, upper: number, next: () => number): number {
  if ((upper - lower) * (upper + lower) <= 2) {
    // Short: uniform proposals, accepted with the density relative to its peak at lower.
    for (;;) {
      const z = lower + (upper - lower) * next();
      if (next() < Math.exp(-0.5 * (z - lower) * (z + lower))) return z;
    }
  }
  // Long: exponential proposals from lower, at Robert's optimal rate (hypot avoids overflow).
  const rate = (lower + Math.hypot(lower, 2)) / 2;
  for (;;) {
    const z = lower - Math.log(1 - next()) / rate;
    if (z <= upper && next() < Math.exp(-0.5 * (z - rate) * (z - rate))) return z;
  }
}

function sampleTruncated(lower: number, upper: number, next: () => number): number {
  if (lower >= 0) return sampleTail(lower, upper, next);
  if (upper <= 0) return -sampleTail(-upper, -lower, next);
  return sampleAroundZero(lower, upper, next);
}

/**
 * Standard normal samples conditioned on [lower, upper] (exact, by rejection). Initializers
 * scale them; the default [-2, 2] drops values beyond two standard deviations.
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const w = random.truncatedNormal(random.key(0), [784, 128]);
 * ```
 */
export function truncatedNormal(
  key: RandomKey,
  shape: Shape = [],
  options?: TruncatedNormalOptions,
): Tensor {
  const op = 'random.truncatedNormal';
  assertKey(op, key);
  noteRandomDraw(op);
  const size = sampleSize(op, shape);
  const { lower = -2, upper = 2, dtype: requested } = checkOptions(op, options);
  const dtype = floatDType(op, requested);
  boundNumber(op, 'lower', lower);
  boundNumber(op, 'upper', upper);
  if (!(lower < upper)) {
    throw new ValueError(op, 'upper', `must be greater than lower (${lower}), got ${upper}`);
  }
  const low = lowestAtLeast(dtype, lower);
  const high = highestAtMost(dtype, upper);
  if (low > high) {
    throw new ValueError(op, 'upper', `leaves no ${dtype} value in [${lower}, ${upper}]`);
  }
  const unit = unitDraw(dtype);
  const stream = new CounterStream(key);
  const next = (): number => unit(stream);
  const values = allocate(dtype, size);
  for (let i = 0; i < size; i++) {
    stream.seek(i);
    values[i] = roundInto(dtype, sampleTruncated(lower, upper, next), low, high);
  }
  return tensor(values, shape, dtype);
}
