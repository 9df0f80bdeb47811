import { Tensor, ValueError } from '@gradkit/tensor';
import { describe } from '../../parameter/parameter.js';

/**
 * A ValueError whose message is exactly the original's wording after the class name
 * ("Adam: Invalid learning rate: -1"), with `argument` still naming the option.
 */
export function invalidValue(op: string, argument: string, message: string): ValueError {
  const error = new ValueError(op, undefined, message);
  Object.defineProperty(error, 'argument', { value: argument });
  return error;
}

/** The TypeError-like error for an option of the wrong type (JavaScript's own TypeError). */
export function wrongType(
  op: string,
  argument: string,
  expected: string,
  value: unknown,
): TypeError {
  return new TypeError(
    `${op}: argument '${argument}' must be ${expected}, got ${describeValue(value)}`,
  );
}

export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Tensor) return `a Tensor of shape [${value.shape.join(', ')}]`;
  return describe(value);
}

/** Python's repr of a float for messages: 1 -> "1.0", as the original messages print. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
