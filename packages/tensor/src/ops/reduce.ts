import { type DType, isFloating } from '../dtype.js';
import { runPrimitive, view } from '../engine.js';
import { DTypeError, ValueError } from '../errors.js';
import type { ReducePrimitive } from '../primitives.js';
import { opScope } from '../scope.js';
import { normalizeAxes, normalizeAxis, type Shape, shapeSize } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { castOperand, type Operand, release, type TensorLike, toOperand } from './convert.js';

export type Axis = number | readonly number[] | undefined;

function keptShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!axes.includes(i)) out.push(shape[i]!);
    else if (keepdims) out.push(1);
  }
  return out;
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function reduce(primitive: ReducePrimitive, x: TensorLike, axis: Axis, keepdims: boolean): Tensor {
  return opScope(() => reduceInScope(primitive, x, axis, keepdims));
}

function reduceInScope(
  primitive: ReducePrimitive,
  x: TensorLike,
  axis: Axis,
  keepdims: boolean,
): Tensor {
  let operand: Operand = toOperand(primitive, 'x', x);
  const input = operand.tensor;
  const axes = normalizeAxes(primitive, axis, input.rank);
  if (
    (primitive === 'max' || primitive === 'min') &&
    shapeSize(axes.map((a) => input.shape[a]!)) === 0
  ) {
    release(operand);
    throw new ValueError(
      primitive,
      'x',
      `has a zero-size axis to reduce (shape [${input.shape.join(', ')}]) and ${primitive} has no identity`,
    );
  }
  let dtype: DType = input.dtype;
  if (dtype === 'bool' && (primitive === 'sum' || primitive === 'prod')) dtype = 'int32';
  operand = castOperand(operand, dtype);
  const outShape = keptShape(input.shape, axes, false);
  const reduced =
    axes.length === 0
      ? view(operand.tensor, outShape)
      : runPrimitive(primitive, [operand.tensor], { axes }, { shape: outShape, dtype }, ['x']);
  release(operand);
  if (!keepdims) return reduced;
  const result = view(reduced, keptShape(input.shape, axes, true));
  reduced.dispose();
  return result;
}

/** Sum over `axis` (a number, an array, or all axes). Bool sums count as int32. */
export const sum = (x: TensorLike, axis?: Axis, keepdims = false): Tensor =>
  reduce('sum', x, axis, keepdims);
export const prod = (x: TensorLike, axis?: Axis, keepdims = false): Tensor =>
  reduce('prod', x, axis, keepdims);
/** Maximum over `axis`; NaN propagates. */
export const max = (x: TensorLike, axis?: Axis, keepdims = false): Tensor =>
  reduce('max', x, axis, keepdims);
/** Minimum over `axis`; NaN propagates. */
export const min = (x: TensorLike, axis?: Axis, keepdims = false): Tensor =>
  reduce('min', x, axis, keepdims);

/**
 * Index of the first maximum along `axis` (over the flattened tensor when omitted), int32.
 *
 * @example
 * ```ts
 * import { argmax, tensor } from '@gradkit/tensor';
 *
 * argmax(tensor([[1, 9, 3], [7, 2, 8]]), 1).toArray(); // [1, 2]
 * ```
 */
export function argmax(x: TensorLike, axis?: number, keepdims = false): Tensor {
  return argReduce('argmax', x, axis, keepdims);
}

/**
 * Index of the first minimum along `axis` (over the flattened tensor when omitted), int32.
 *
 * @example
 * ```ts
 * import { argmin, tensor } from '@gradkit/tensor';
 *
 * argmin(tensor([[1, 9, 3], [7, 2, 8]]), 1).toArray(); // [0, 1]
 * ```
 */
export function argmin(x: TensorLike, axis?: number, keepdims = false): Tensor {
  return argReduce('argmin', x, axis, keepdims);
}

function argReduce(
  primitive: 'argmax' | 'argmin',
  x: TensorLike,
  axis: number | undefined,
  keepdims: boolean,
): Tensor {
  return opScope(() => argReduceInScope(primitive, x, axis, keepdims));
}

function argReduceInScope(
  primitive: 'argmax' | 'argmin',
  x: TensorLike,
  axis: number | undefined,
  keepdims: boolean,
): Tensor {
  const operand = toOperand(primitive, 'x', x);
  const input = operand.tensor;
  if (typeof axis !== 'number' && axis !== undefined) {
    release(operand);
    throw new ValueError(
      primitive,
      'axis',
      `must be a single number or undefined, got ${String(axis)}`,
    );
  }
  const flat = axis === undefined ? view(input, [input.size]) : input;
  const a = axis === undefined ? 0 : normalizeAxis(primitive, axis, input.rank);
  if (flat.shape[a] === 0) {
    release(operand);
    throw new ValueError(
      primitive,
      'x',
      `has a zero-size axis (shape [${input.shape.join(', ')}])`,
    );
  }
  const outShape = flat.shape.filter((_, i) => i !== a);
  const result = runPrimitive(primitive, [flat], { axis: a }, { shape: outShape, dtype: 'int32' }, [
    'x',
  ]);
  if (flat !== input) flat.dispose();
  release(operand);
  if (!keepdims) return result;
  const kept = axis === undefined ? input.shape.map(() => 1) : keptShape(input.shape, [a], true);
  const reshaped = view(result, kept);
  result.dispose();
  return reshaped;
}

/** Requires a floating dtype for ops such as mean; integers are promoted to float32. */
export function floatOperand(op: string, x: TensorLike): Operand {
  const operand = toOperand(op, 'x', x);
  if (isFloating(operand.tensor.dtype)) return operand;
  if (operand.tensor.dtype === 'bool' && op === 'norm') {
    release(operand);
    throw new DTypeError(op, 'x', 'must be numeric, got bool');
  }
  return castOperand(operand, 'float32');
}
