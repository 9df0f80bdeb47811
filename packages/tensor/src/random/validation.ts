import { DTypeError, ValueError } from '../errors.js';
import { assertValidShape, formatShape, shapeSize } from '../shape.js';

/** The dtypes continuous samplers produce. */
export type FloatDType = 'float32' | 'float64';

// Element i reads counter lane i, and lanes are 32-bit.
const MAX_ELEMENTS = 2 ** 32;

/** Validates a sample shape and returns its number of elements. */
export function sampleSize(op: string, shape: unknown): number {
  const valid = assertValidShape(op, 'shape', shape);
  const size = shapeSize(valid);
  if (size > MAX_ELEMENTS) {
    throw new ValueError(
      op,
      'shape',
      `${formatShape(valid)} holds ${size} elements; at most 2^32 are supported`,
    );
  }
  return size;
}

/** Accepts a missing options argument or a plain object. */
export function checkOptions<T extends object>(op: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(op, 'options', `must be an object, got ${String(options)}`);
  }
  return options;
}

export function floatDType(op: string, dtype: unknown): FloatDType {
  if (dtype === undefined) return 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DTypeError(op, 'dtype', `must be float32 or float64, got ${String(dtype)}`);
  }
  return dtype;
}

export function finiteNumber(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, argument, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Validates an interval bound that may be infinite but not NaN. */
export function boundNumber(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ValueError(op, argument, `must be a number (infinite allowed), got ${String(value)}`);
  }
  return value;
}

export function integerInRange(
  op: string,
  argument: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValueError(
      op,
      argument,
      `must be an integer in [${min}, ${max}], got ${String(value)}`,
    );
  }
  return value;
}
