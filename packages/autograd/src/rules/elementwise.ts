import type { BinaryPrimitive, UnaryPrimitive } from '@gradkit/tensor';
import {
  add,
  cast,
  cos,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  isFloating,
  less,
  log,
  logicalAnd,
  mul,
  neg,
  pow,
  sign,
  sin,
  sub,
  type Tensor,
  where,
} from '@gradkit/tensor';
import type { VjpRule } from './rule.js';
import { sumToShape } from './sum-to-shape.js';

type UnaryRules = { readonly [P in UnaryPrimitive]: VjpRule<P> };
type BinaryRules = { readonly [P in BinaryPrimitive]: VjpRule<P> };

/** No input gets a gradient. */
export function none(_g: Tensor, inputs: readonly Tensor[]): null[] {
  return inputs.map(() => null);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const UNARY_RULES: UnaryRules = {
  neg: (g) => [() => neg(g)],
  // sign(0) = 0 gives abs'(0) = 0, as PyTorch.
  abs: (g, [x]) => [() => mul(g, sign(x!))],
  exp: (g, _x, y) => [() => mul(g, y)],
  log: (g, [x]) => [() => div(g, x!)],
  log1p: (g, [x]) => [() => div(g, add(x!, 1))],
  expm1: (g, _x, y) => [() => mul(g, add(y, 1))],
  sqrt: (g, _x, y) => [() => div(g, mul(y, 2))],
  rsqrt: (g, _x, y) => [() => mul(g, mul(mul(mul(y, y), y), -0.5))],
  reciprocal: (g, _x, y) => [() => neg(mul(g, mul(y, y)))],
  sin: (g, [x]) => [() => mul(g, cos(x!))],
  cos: (g, [x]) => [() => neg(mul(g, sin(x!)))],
  // g·(1 − y²) and g·(y − y²), written without the constant 1: a scalar operand is a tensor
  // made per call, which costs as much as the op it feeds.
  tanh: (g, _x, y) => [() => sub(g, mul(g, mul(y, y)))],
  sigmoid: (g, _x, y) => [() => mul(g, sub(y, mul(y, y)))],
  erf: (g, [x]) => [() => mul(g, mul(exp(neg(mul(x!, x!))), TWO_OVER_SQRT_PI))],
  // Piecewise constant or not numeric: no gradient.
  sign: none,
  floor: none,
  ceil: none,
  round: none,
  logicalNot: none,
  isNaN: none,
  isFinite: none,
};

/** 1 where `a` wins, 0.5 on ties, 0 where it loses (PyTorch's maximum/minimum rule). */
function winnerShare(wins: Tensor, ties: Tensor, dtype: Tensor['dtype']): Tensor {
  return add(cast(wins, dtype), mul(cast(ties, dtype), 0.5));
}

export const BINARY_RULES: BinaryRules = {
  add: (g, [a, b]) => [() => sumToShape(g, a!.shape), () => sumToShape(g, b!.shape)],
  sub: (g, [a, b]) => [() => sumToShape(g, a!.shape), () => sumToShape(neg(g), b!.shape)],
  mul: (g, [a, b]) => [
    () => sumToShape(mul(g, b!), a!.shape),
    () => sumToShape(mul(g, a!), b!.shape),
  ],
  div: (g, [a, b], y) => [
    () => sumToShape(div(g, b!), a!.shape),
    () => sumToShape(neg(div(mul(g, y), b!)), b!.shape),
  ],
  // PyTorch's pow_backward: exponent 0 gives 0 for the base, and a zero base with a
  // non-negative exponent gives 0 for the exponent (instead of 0 * log 0 = NaN).
  pow: (g, [a, b], y) => [
    () => sumToShape(where(equal(b!, 0), 0, mul(g, mul(b!, pow(a!, sub(b!, 1))))), a!.shape),
    () =>
      sumToShape(
        mul(g, where(logicalAnd(equal(a!, 0), greaterEqual(b!, 0)), 0, mul(y, log(a!)))),
        b!.shape,
      ),
  ],
  maximum: (g, [a, b]) => {
    const ties = () => equal(a!, b!);
    return [
      () => sumToShape(mul(g, winnerShare(greater(a!, b!), ties(), g.dtype)), a!.shape),
      () => sumToShape(mul(g, winnerShare(greater(b!, a!), ties(), g.dtype)), b!.shape),
    ];
  },
  minimum: (g, [a, b]) => {
    const ties = () => equal(a!, b!);
    return [
      () => sumToShape(mul(g, winnerShare(less(a!, b!), ties(), g.dtype)), a!.shape),
      () => sumToShape(mul(g, winnerShare(less(b!, a!), ties(), g.dtype)), b!.shape),
    ];
  },
  equal: none,
  notEqual: none,
  greater: none,
  greaterEqual: none,
  less: none,
  lessEqual: none,
  logicalAnd: none,
  logicalOr: none,
};

/** where(condition, a, b) routes the cotangent to the branch that was chosen. */
export const whereRule: VjpRule<'where'> = (g, [condition, a, b]) => [
  null,
  () => sumToShape(where(condition!, g, 0), a!.shape),
  () => sumToShape(where(condition!, 0, g), b!.shape),
];

/** Between floating dtypes the gradient is cast back; to or from int32/bool there is none. */
export const castRule: VjpRule<'cast'> = (g, [x], _y, { dtype }) => [
  isFloating(x!.dtype) && isFloating(dtype) ? () => cast(g, x!.dtype) : null,
];
