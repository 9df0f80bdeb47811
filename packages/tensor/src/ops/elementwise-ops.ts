import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import {
  add,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  sub,
} from './binary.js';
import type { TensorLike } from './convert.js';
import {
  abs,
  ceil,
  cos,
  erf,
  exp,
  expm1,
  floor,
  isFinite,
  isNaN,
  log,
  log1p,
  logicalNot,
  neg,
  reciprocal,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  tanh,
} from './unary.js';

/**
 * The public op of every elementwise primitive, by primitive name. Total over
 * `UNARY_PRIMITIVES` and `BINARY_PRIMITIVES`: a new primitive without its op is a compile
 * error.
 */
export type ElementwiseOps = {
  readonly [P in UnaryPrimitive]: (x: TensorLike) => Tensor;
} & { readonly [P in BinaryPrimitive]: (a: TensorLike, b: TensorLike) => Tensor };

/**
 * Primitive name to public op for the elementwise primitives: `ELEMENTWISE_OPS.exp` is
 * `exp`, `ELEMENTWISE_OPS.greater` is `greater`. Each op runs its primitive (after the
 * dtype conversions it documents). Used to compose `ElementwiseExpression`s and by backends
 * and tests that go over every primitive.
 */
export const ELEMENTWISE_OPS: ElementwiseOps = {
  neg,
  abs,
  sign,
  exp,
  log,
  log1p,
  expm1,
  sqrt,
  rsqrt,
  reciprocal,
  sin,
  cos,
  tanh,
  sigmoid,
  erf,
  floor,
  ceil,
  round,
  logicalNot,
  isNaN,
  isFinite,
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  equal,
  notEqual,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
};
