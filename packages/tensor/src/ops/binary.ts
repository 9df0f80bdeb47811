import { type DType, isFloating, promoteTypes } from '../dtype.js';
import { runPrimitive } from '../engine.js';
import { ValueError } from '../errors.js';
import type { BinaryPrimitive } from '../primitives.js';
import { opScope } from '../scope.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { castOperand, type Operand, release, type TensorLike, toOperand } from './convert.js';

/** How a binary op treats dtypes. */
type BinaryKind =
  | 'arithmetic' // common dtype; bool counts as int32
  | 'division' // common dtype, integers become float32 (true division)
  | 'comparison' // common dtype in, bool out
  | 'logical'; // bool in, bool out

const KINDS: { readonly [P in BinaryPrimitive]: BinaryKind } = {
  add: 'arithmetic',
  sub: 'arithmetic',
  mul: 'arithmetic',
  div: 'division',
  pow: 'arithmetic',
  maximum: 'arithmetic',
  minimum: 'arithmetic',
  equal: 'comparison',
  notEqual: 'comparison',
  greater: 'comparison',
  greaterEqual: 'comparison',
  less: 'comparison',
  lessEqual: 'comparison',
  logicalAnd: 'logical',
  logicalOr: 'logical',
};

/**
 * Converts both operands, giving plain numbers the dtype of the tensor operand (weak
 * typing), and returns them with their common dtype.
 */
export function binaryOperands(
  op: string,
  a: TensorLike,
  b: TensorLike,
): [Operand, Operand, DType] {
  const aIsTensor = a instanceof Tensor;
  const bIsTensor = b instanceof Tensor;
  let first: Operand;
  let second: Operand;
  if (!aIsTensor && bIsTensor) {
    second = toOperand(op, 'b', b);
    first = toOperand(op, 'a', a, second.tensor);
  } else {
    first = toOperand(op, 'a', a);
    second = toOperand(op, 'b', b, first.tensor);
  }
  return [first, second, promoteTypes(first.tensor.dtype, second.tensor.dtype)];
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function binary(primitive: BinaryPrimitive, a: TensorLike, b: TensorLike): Tensor {
  return opScope(() => binaryInScope(primitive, a, b));
}

function binaryInScope(primitive: BinaryPrimitive, a: TensorLike, b: TensorLike): Tensor {
  let [first, second, common] = binaryOperands(primitive, a, b);
  let shape: readonly number[];
  try {
    shape = broadcastShapes(primitive, [first.tensor.shape, second.tensor.shape], ['a', 'b']);
  } catch (error) {
    release(first, second);
    throw error;
  }
  const kind = KINDS[primitive];
  let outDType: DType;
  if (kind === 'logical') {
    common = 'bool';
    outDType = 'bool';
  } else if (kind === 'comparison') {
    outDType = 'bool';
  } else {
    if (common === 'bool') common = 'int32';
    if (kind === 'division' && !isFloating(common)) common = 'float32';
    outDType = common;
  }
  first = castOperand(first, common);
  second = castOperand(second, common);
  if (primitive === 'pow' && !isFloating(common)) {
    try {
      assertNoNegativeExponent(second.tensor);
    } catch (error) {
      release(first, second);
      throw error;
    }
  }
  const result = runPrimitive(
    primitive,
    [first.tensor, second.tensor],
    {},
    { shape, dtype: outDType },
    ['a', 'b'],
  );
  release(first, second);
  return result;
}

/**
 * An integer power with a negative integer exponent has no integer result (it would round
 * to 0); PyTorch refuses it, and so do we. Backends that read back only asynchronously
 * skip the host-side check.
 */
function assertNoNegativeExponent(exponent: Tensor): void {
  if (exponent.backend.readsSynchronously === false) return;
  const values = exponent.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < 0) {
      throw new ValueError(
        'pow',
        'b',
        `holds the negative exponent ${values[i]} for integer operands (dtype ${exponent.dtype}); integers to negative integer powers are not allowed: cast to float32 first`,
      );
    }
  }
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b);
/** True division: integer operands give float32. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b);
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b);
/** Elementwise maximum; NaN propagates. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', a, b);
/** Elementwise minimum; NaN propagates. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', a, b);
export const equal = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('equal', a, b) as Tensor<'bool'>;
export const notEqual = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('notEqual', a, b) as Tensor<'bool'>;
export const greater = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('greater', a, b) as Tensor<'bool'>;
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('greaterEqual', a, b) as Tensor<'bool'>;
export const less = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('less', a, b) as Tensor<'bool'>;
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('lessEqual', a, b) as Tensor<'bool'>;
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('logicalAnd', a, b) as Tensor<'bool'>;
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor<'bool'> =>
  binary('logicalOr', a, b) as Tensor<'bool'>;
