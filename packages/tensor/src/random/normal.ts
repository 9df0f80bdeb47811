import { tensor } from '../creation.js';
import { allocate } from '../dtype.js';
import { ValueError } from '../errors.js';
import { noteRandomDraw } from '../observer.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { CounterStream } from './counter-stream.js';
import { roundTo } from './float-bounds.js';
import { assertKey, type RandomKey } from './random-key.js';
import {
  checkOptions,
  type FloatDType,
  finiteNumber,
  floatDType,
  sampleSize,
} from './validation.js';

export interface NormalOptions {
  /** Default 0. */
  mean?: number;
  /** Standard deviation, >= 0; default 1. */
  std?: number;
  /** Default float32. */
  dtype?: FloatDType;
}

/** Uniforms in [0, 1) at the precision `dtype` needs: 32 bits for float32, 53 for float64. */
export function unitDraw(dtype: FloatDType): (stream: CounterStream) => number {
  return dtype === 'float32' ? (stream) => stream.nextUnit32() : (stream) => stream.nextUnit53();
}

/**
 * A standard normal by Box–Muller from two uniforms in [0, 1). `1 - u1` lies in (0, 1], so
 * the logarithm is finite: |z| stays below 6.7 (32-bit uniforms) or 8.6 (53-bit).
 */
export function boxMuller(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Normal samples with the given mean and standard deviation.
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 *
 * const noise = random.normal(random.key(1), [3], { std: 0.1 });
 * ```
 */
export function normal(key: RandomKey, shape: Shape = [], options?: NormalOptions): Tensor {
  const op = 'random.normal';
  assertKey(op, key);
  noteRandomDraw(op);
  const size = sampleSize(op, shape);
  const { mean = 0, std = 1, dtype: requested } = checkOptions(op, options);
  const dtype = floatDType(op, requested);
  finiteNumber(op, 'mean', mean);
  finiteNumber(op, 'std', std);
  if (std < 0) throw new ValueError(op, 'std', `must be >= 0, got ${std}`);
  const unit = unitDraw(dtype);
  const stream = new CounterStream(key);
  const values = allocate(dtype, size);
  for (let i = 0; i < size; i++) {
    stream.seek(i);
    const u1 = unit(stream);
    const u2 = unit(stream);
    values[i] = roundTo(dtype, mean + std * boxMuller(u1, u2));
  }
  return tensor(values, shape, dtype);
}
