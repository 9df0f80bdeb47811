import { Tensor, ValueError } from '@gradkit/tensor';
import { describe } from '../../parameter/parameter.js';

/**
 * A ValueError whose message is exactly the original's wording after the class name
 * ("Adam: Invalid learning rate: -1.0"), with `argument` still naming the option.
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

/**
 * Python's repr of a float for messages, as the original messages print it: 1 -> "1.0",
 * 1e-8 -> "1e-08", NaN -> "nan". JavaScript gives the same shortest digits; only the layout
 * differs (Python writes an exponent below 1e-4 and from 1e16, with at least two digits).
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  // In this range JavaScript writes no exponent either.
  const plain = String(value);
  return plain.includes('.') ? plain : `${plain}.0`;
}
