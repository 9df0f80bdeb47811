import { Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from './cell.js';

/**
 * How an argument of the wrong kind reads in an error message: `a string "mean"`,
 * `a Cell (Dense)`, `an array`, so a user calling from plain JavaScript sees what went where.
 */
export function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof Cell) return `a Cell (${value.constructor.name})`;
  if (value instanceof Tensor) return 'a Tensor';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return `a string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} ${value}`;
  if (typeof value === 'function') return 'a function';
  const kind = (value as object).constructor?.name;
  return kind === undefined || kind === 'Object' ? 'an object' : `a ${kind}`;
}

/**
 * Requires a plain options object (or nothing) where a constructor takes one, so that a
 * positional value passed from JavaScript (`new MSELoss('sum')`) fails at once with the call
 * that works (`usage`). Returns the options, for use in a `super(...)` argument.
 */
export function checkOptions<T extends object>(
  op: string,
  options: T | undefined,
  usage: string,
): T {
  if (options === undefined) return {} as T;
  const prototype =
    typeof options === 'object' && options !== null ? Object.getPrototypeOf(options) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new ValueError(
      op,
      'options',
      `must be an options object, as ${usage}, got ${describeArgument(options)}`,
    );
  }
  return options;
}

/** Requires a Cell argument, naming the right call. */
export function checkCell(op: string, argument: string, value: unknown, usage: string): void {
  if (!(value instanceof Cell)) {
    throw new ValueError(
      op,
      argument,
      `must be a Cell, as ${usage}, got ${describeArgument(value)}`,
    );
  }
}
