import {
  abs,
  add,
  type BinaryPrimitive,
  broadcastShapes,
  broadcastTo,
  cast,
  ceil,
  cos,
  div,
  equal,
  erf,
  exp,
  expm1,
  type FloatDType,
  floor,
  greater,
  greaterEqual,
  isFinite,
  isFloating,
  isNaN,
  less,
  lessEqual,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  reciprocal,
  round,
  rsqrt,
  scalar,
  scope,
  sigmoid,
  sign,
  sin,
  sqrt,
  sub,
  type Tensor,
  tanh,
  type UnaryPrimitive,
  where,
} from '@gradkit/tensor';
import type { ElementwiseExpression } from './source/fused-elementwise.js';

const UNARY: { readonly [P in UnaryPrimitive]: (x: Tensor) => Tensor } = {
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
};

const BINARY: { readonly [P in BinaryPrimitive]: (a: Tensor, b: Tensor) => Tensor } = {
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

/**
 * The composed reference of the `fusedElementwise` capability: the same tree as tensor ops,
 * one primitive per node, on any backend. Every value is computed in `dtype` (inputs are
 * cast to it, and comparisons and logical ops give 0 or 1), and the result has the
 * broadcast shape of all inputs, as the fused kernel's does.
 */
export function composeElementwise(
  expression: ElementwiseExpression,
  inputs: readonly Tensor[],
  dtype: FloatDType = 'float32',
): Tensor {
  return scope(() => {
    const leaves = inputs.map((x) => (x.dtype === dtype ? x : cast(x, dtype)));
    const float = (t: Tensor) => (isFloating(t.dtype) ? t : cast(t, dtype));
    const visit = (e: ElementwiseExpression): Tensor => {
      if (e.op === 'input') return leaves[e.index]!;
      if (e.op === 'constant') return scalar(e.value, dtype);
      if (e.op === 'where') return where(notEqual(visit(e.condition), 0), visit(e.a), visit(e.b));
      if ('x' in e) return float(UNARY[e.op](visit(e.x)));
      return float(BINARY[e.op](visit(e.a), visit(e.b)));
    };
    const shape = broadcastShapes(
      'composeElementwise',
      inputs.map((x) => x.shape),
      inputs.map((_, i) => `inputs[${i}]`),
    );
    return broadcastTo(visit(expression), shape);
  });
}
