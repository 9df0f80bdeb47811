import type { Primitive, PrimitiveParams, Tensor } from '@gradkit/tensor';

/**
 * One input's gradient, computed only if the engine needs it (the input depends on a
 * differentiated argument): a function returning the gradient, or `null` when the input
 * has no gradient (integer or boolean inputs, piecewise-constant ops).
 */
export type GradientThunk = (() => Tensor) | null;

/**
 * The vector-Jacobian product of one primitive: given the cotangent of its output, one
 * gradient per input, in input order. Rules are written in differentiable @gradkit/tensor
 * ops, so the gradients can be differentiated again.
 */
export type VjpRule<P extends Primitive> = (
  cotangent: Tensor,
  inputs: readonly Tensor[],
  output: Tensor,
  params: PrimitiveParams[P],
) => readonly GradientThunk[];

/** The rule table's type: a missing primitive is a compile error. */
export type RuleTable = { readonly [P in Primitive]: VjpRule<P> };
