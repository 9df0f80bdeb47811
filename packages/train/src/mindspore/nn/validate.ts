import { ValueError } from '@gradkit/tensor';
import { describe } from '../../parameter/parameter.js';
import { ArgumentTypeError } from './errors.js';

// Checks shared by the nn optimizers and schedules. They run before any tensor is made, so a
// refused argument leaves nothing behind. Types first (ArgumentTypeError), then ranges
// (ValueError), as MindSpore's validator does.

/**
 * MindSpore's `float` check: a JavaScript number (NaN is refused by the range checks).
 *
 * For example, `checkNumber('nn.Adam', 'eps', '1e-8')` throws an ArgumentTypeError.
 */
export function checkNumber(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new ArgumentTypeError(op, argument, `must be a number, got ${describe(value)}`);
  }
  if (Number.isNaN(value)) throw new ValueError(op, argument, 'must not be NaN');
  return value;
}

/**
 * MindSpore's `bool` check: an ArgumentTypeError unless `value` is a boolean.
 *
 * For example, `checkBoolean('nn.SGD', 'nesterov', options.nesterov ?? false)`.
 */
export function checkBoolean(op: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ArgumentTypeError(op, argument, `must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/**
 * A number > 0 (ArgumentTypeError for a non-number, ValueError out of range).
 *
 * For example, `checkPositive('nn.Adam', 'lossScale', 1024)` is 1024; 0 throws.
 */
export function checkPositive(op: string, argument: string, value: unknown): number {
  const n = checkNumber(op, argument, value);
  if (!(n > 0)) throw new ValueError(op, argument, `must be > 0, got ${n}`);
  return n;
}

/**
 * A number ≥ 0 (ArgumentTypeError for a non-number, ValueError out of range).
 *
 * For example, `checkNonNegative('nn.SGD', 'momentum', 0.9)` is 0.9; -0.1 throws.
 */
export function checkNonNegative(op: string, argument: string, value: unknown): number {
  const n = checkNumber(op, argument, value);
  if (!(n >= 0)) throw new ValueError(op, argument, `must be >= 0, got ${n}`);
  return n;
}

/**
 * A decay rate in the open interval (0, 1), as nn.Adam's beta1 and beta2.
 *
 * For example, `checkOpenUnit('nn.Adam', 'beta1', 0.9)` is 0.9; 1 throws a ValueError.
 */
export function checkOpenUnit(op: string, argument: string, value: unknown): number {
  const n = checkNumber(op, argument, value);
  if (!(n > 0 && n < 1)) throw new ValueError(op, argument, `must be in (0, 1), got ${n}`);
  return n;
}

/**
 * An integer ≥ `minimum` (ArgumentTypeError for a non-number, ValueError otherwise).
 *
 * For example, `checkInteger('WarmUpLR', 'warmupSteps', 4, 1)` is 4; 0 or 1.5 throws.
 */
export function checkInteger(
  op: string,
  argument: string,
  value: unknown,
  minimum: number,
): number {
  const n = checkNumber(op, argument, value);
  if (!Number.isInteger(n) || n < minimum) {
    throw new ValueError(op, argument, `must be an integer >= ${minimum}, got ${n}`);
  }
  return n;
}

/**
 * The option, or its default when absent (undefined only: null is a wrong type, reported).
 *
 * For example, `orDefault(options.momentum, 0)` is 0 when momentum is undefined.
 */
export function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}
