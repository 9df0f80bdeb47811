import { tensor } from '../creation.js';
import { type DType, dtypeOfValue, promoteTypes, type TypedArray, toStorage } from '../dtype.js';
import { fromStorage, runPrimitive, withBackend } from '../engine.js';
import { ValueError } from '../errors.js';
import type { NestedArray } from '../nested.js';
import { Tensor } from '../tensor.js';

/** Anything an op accepts where a tensor is expected. */
export type TensorLike = Tensor | number | boolean | NestedArray | TypedArray;

/** A tensor operand plus whether the op created it (and so must dispose it). */
export interface Operand {
  readonly tensor: Tensor;
  readonly owned: boolean;
}

/**
 * Turns a value into a tensor. Plain numbers and booleans are "weak": they take `like`'s
 * dtype where it can hold them (as in JAX), so `mul(x, 2)` keeps x's dtype. When `like` is a
 * tensor, a converted value is made on that tensor's backend.
 */
export function toOperand(
  op: string,
  argument: string,
  value: TensorLike,
  like?: DType | Tensor,
): Operand {
  if (value instanceof Tensor) {
    value.assertLive(op, argument);
    return { tensor: value, owned: false };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    // The hot path of `mul(x, 2)`: a scalar written straight to the partner's backend.
    const own = dtypeOfValue(value);
    const likeDType = like instanceof Tensor ? like.dtype : like;
    const dtype =
      likeDType === undefined ? (own === 'int32' ? 'float32' : own) : promoteTypes(likeDType, own);
    const backend = like instanceof Tensor ? like.backend : undefined;
    return { tensor: fromStorage(op, toStorage(dtype, [value]), [], dtype, backend), owned: true };
  }
  if (like instanceof Tensor) {
    const partner = like;
    return withBackend(partner.backend, () => toOperand(op, argument, value, partner.dtype));
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const made = fromNested(op, argument, value as NestedArray);
    // Integer-valued arrays meant as indices become int32, as a weak literal would.
    if (like === 'int32' && made.dtype === 'float32') {
      const values = made.dataSync();
      if (values.every((v) => Number.isInteger(v))) {
        made.dispose();
        return { tensor: tensor(value as NestedArray, undefined, 'int32'), owned: true };
      }
    }
    return { tensor: made, owned: true };
  }
  throw new ValueError(
    op,
    argument,
    `must be a Tensor, a number, a boolean or a nested array, got ${describeNonTensor(value)}`,
  );
}

/**
 * What a value that is not a tensor is, for error messages. A wrapper that holds its tensor
 * in `value` (a train Parameter) is named, with the fix: tensor cannot import train, so it is
 * recognised by shape rather than by class.
 */
export function describeNonTensor(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && (value as { value?: unknown }).value instanceof Tensor) {
    const kind = (value as object).constructor?.name;
    const name = (value as { name?: unknown }).name;
    const label = typeof name === 'string' && name !== '' ? ` '${name}'` : '';
    const what = kind === undefined || kind === '' || kind === 'Object' ? 'an object' : `a ${kind}`;
    return `${what}${label}, which holds a Tensor: pass its .value`;
  }
  return typeof value;
}

/** Converts nested arrays, reporting malformed ones under the caller's op and argument. */
function fromNested(op: string, argument: string, value: NestedArray): Tensor {
  try {
    return tensor(value);
  } catch (error) {
    if (error instanceof ValueError && error.op === 'tensor') {
      throw new ValueError(op, argument, error.message.replace("tensor: argument 'values' ", ''));
    }
    throw error;
  }
}

/** Requires an existing tensor (no conversion). */
export function expectTensor(op: string, argument: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new ValueError(op, argument, `must be a Tensor, got ${describeNonTensor(value)}`);
  }
  value.assertLive(op, argument);
  return value;
}

export function release(...operands: readonly Operand[]): void {
  for (const operand of operands) if (operand.owned) operand.tensor.dispose();
}

/** Casts `x` to `dtype` if needed; the result is owned when a cast happened. */
export function castOperand(operand: Operand, dtype: DType): Operand {
  if (operand.tensor.dtype === dtype) return operand;
  const cast = runPrimitive(
    'cast',
    [operand.tensor],
    { dtype },
    { shape: operand.tensor.shape, dtype },
  );
  release(operand);
  return { tensor: cast, owned: true };
}
