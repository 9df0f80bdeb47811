// The error-message contract the error tests check: kind, op, argument, wording, no leak.
import { expect } from 'vitest';
import { tensor } from '../creation.js';
import { TensorError } from '../errors.js';
import { memory } from '../memory.js';
import type { Tensor } from '../tensor.js';

export type ErrorClass = new (
  op: string,
  argument: string | undefined,
  detail: string,
) => TensorError;

/**
 * Runs `fn`, which must throw `kind` naming `op` and `argument` in the documented format
 * "op: argument 'name' detail", with every fragment (shapes, dtypes, values) in the detail.
 * Also checks the failed call left no new live tensors behind.
 */
export function expectTensorError(
  fn: () => unknown,
  kind: ErrorClass,
  op: string,
  argument: string | undefined,
  fragments: readonly string[] = [],
): TensorError {
  const before = memory().tensors;
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  const created = memory().tensors - before;
  expect(caught, 'the call should throw').toBeInstanceOf(kind);
  const error = caught as TensorError;
  expect(error).toBeInstanceOf(TensorError);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe(kind.name);
  expect(error.op).toBe(op);
  expect(error.argument).toBe(argument);
  const prefix = argument === undefined ? `${op}: ` : `${op}: argument '${argument}' `;
  expect(error.message.startsWith(prefix), `"${error.message}" should start with "${prefix}"`).toBe(
    true,
  );
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  expect(created, `live tensors left by the failing call (${error.message})`).toBe(0);
  return error;
}

export const matrix = (): Tensor =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
