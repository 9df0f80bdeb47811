import type { DType } from './dtype.js';
import { ValueError } from './errors.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Checks that `value` can be stored in `dtype` without silently becoming another number:
 * int32 takes finite numbers whose integer part is in range (fractions truncate toward
 * zero, as PyTorch's `torch.tensor(1.5, dtype=torch.int32)`), floats and bool take any
 * number or boolean (bool stores "is non-zero", so NaN is true, as in PyTorch).
 */
export function assertValueFits(
  op: string,
  argument: string,
  value: unknown,
  dtype: DType,
  where = '',
): void {
  if (typeof value === 'boolean') return;
  if (typeof value !== 'number') {
    throw new ValueError(
      op,
      argument,
      `must hold numbers or booleans, got ${describe(value)}${where}`,
    );
  }
  if (dtype !== 'int32') return;
  if (!Number.isFinite(value)) {
    throw new ValueError(
      op,
      argument,
      `holds ${value}${where}, which int32 cannot represent (use a float dtype)`,
    );
  }
  const truncated = Math.trunc(value);
  if (truncated < INT32_MIN || truncated > INT32_MAX) {
    throw new ValueError(
      op,
      argument,
      `holds ${value}${where}, outside the int32 range [${INT32_MIN}, ${INT32_MAX}]`,
    );
  }
}

/** Checks every value of a flat array; see `assertValueFits`. */
export function assertValuesFit(
  op: string,
  argument: string,
  values: ArrayLike<unknown>,
  dtype: DType,
): void {
  if (dtype !== 'int32' && isNumericTypedArray(values)) return;
  for (let i = 0; i < values.length; i++) {
    assertValueFits(op, argument, values[i], dtype, ` at flat index ${i}`);
  }
}

function isNumericTypedArray(values: ArrayLike<unknown>): boolean {
  return ArrayBuffer.isView(values);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (value === null) return 'null';
  return typeof value;
}
