import { type DType, isFloating } from '../dtype.js';
import { runPrimitive, view } from '../engine.js';
import { DTypeError } from '../errors.js';
import type { UnaryPrimitive } from '../primitives.js';
import { opScope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { castOperand, type Operand, release, type TensorLike, toOperand } from './convert.js';

/** How a unary op treats dtypes. */
type UnaryKind =
  | 'float' // computes in floating point: ints and bools become float32 first
  | 'signed' // keeps int32 and floats; rejects bool
  | 'rounding' // identity on integers
  | 'logical' // bool in, bool out
  | 'predicate'; // any in, bool out

const KINDS: { readonly [P in UnaryPrimitive]: UnaryKind } = {
  neg: 'signed',
  abs: 'signed',
  sign: 'signed',
  exp: 'float',
  log: 'float',
  log1p: 'float',
  expm1: 'float',
  sqrt: 'float',
  rsqrt: 'float',
  reciprocal: 'float',
  sin: 'float',
  cos: 'float',
  tanh: 'float',
  sigmoid: 'float',
  erf: 'float',
  floor: 'rounding',
  ceil: 'rounding',
  round: 'rounding',
  logicalNot: 'logical',
  isNaN: 'predicate',
  isFinite: 'predicate',
};

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function unary(primitive: UnaryPrimitive, value: TensorLike): Tensor {
  return opScope(() => unaryInScope(primitive, value));
}

function unaryInScope(primitive: UnaryPrimitive, value: TensorLike): Tensor {
  let operand: Operand = toOperand(primitive, 'x', value);
  const kind = KINDS[primitive];
  const dtype = operand.tensor.dtype;
  let outDType: DType = dtype;
  if (kind === 'float' && !isFloating(dtype)) {
    operand = castOperand(operand, 'float32');
    outDType = 'float32';
  } else if (kind === 'signed' && dtype === 'bool') {
    release(operand);
    throw new DTypeError(primitive, 'x', `must be numeric (float32, float64 or int32), got bool`);
  } else if (kind === 'rounding' && !isFloating(dtype)) {
    const result = view(operand.tensor, operand.tensor.shape);
    release(operand);
    return result;
  } else if (kind === 'logical') {
    operand = castOperand(operand, 'bool');
    outDType = 'bool';
  } else if (kind === 'predicate') {
    outDType = 'bool';
  }
  const result = runPrimitive(
    primitive,
    [operand.tensor],
    {},
    { shape: operand.tensor.shape, dtype: outDType },
    ['x'],
  );
  release(operand);
  return result;
}

export const neg = (x: TensorLike): Tensor => unary('neg', x);
export const abs = (x: TensorLike): Tensor => unary('abs', x);
/** -1, 0 or 1 by sign (NaN stays NaN). */
export const sign = (x: TensorLike): Tensor => unary('sign', x);
export const exp = (x: TensorLike): Tensor => unary('exp', x);
export const log = (x: TensorLike): Tensor => unary('log', x);
/** log(1 + x), accurate near 0. */
export const log1p = (x: TensorLike): Tensor => unary('log1p', x);
/** exp(x) - 1, accurate near 0. */
export const expm1 = (x: TensorLike): Tensor => unary('expm1', x);
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x);
/** 1 / sqrt(x). */
export const rsqrt = (x: TensorLike): Tensor => unary('rsqrt', x);
export const reciprocal = (x: TensorLike): Tensor => unary('reciprocal', x);
export const sin = (x: TensorLike): Tensor => unary('sin', x);
export const cos = (x: TensorLike): Tensor => unary('cos', x);
export const tanh = (x: TensorLike): Tensor => unary('tanh', x);
/** 1 / (1 + exp(-x)), computed without overflow. */
export const sigmoid = (x: TensorLike): Tensor => unary('sigmoid', x);
/** The Gauss error function. */
export const erf = (x: TensorLike): Tensor => unary('erf', x);
export const floor = (x: TensorLike): Tensor => unary('floor', x);
export const ceil = (x: TensorLike): Tensor => unary('ceil', x);
/** Rounds half to even, as NumPy and PyTorch. */
export const round = (x: TensorLike): Tensor => unary('round', x);
export const logicalNot = (x: TensorLike): Tensor<'bool'> =>
  unary('logicalNot', x) as Tensor<'bool'>;
export const isNaN = (x: TensorLike): Tensor<'bool'> => unary('isNaN', x) as Tensor<'bool'>;
export const isFinite = (x: TensorLike): Tensor<'bool'> => unary('isFinite', x) as Tensor<'bool'>;
