import {
  donate,
  type ElementwiseExpression,
  fusedElementwise,
  Tensor,
  tree,
} from '@gradkit/tensor';
import { isRowSparse } from '../row-sparse.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { input, plus } from './expression.js';

/**
 * A transform's own way to update and apply in one go: `(grads, state, params, donate)`
 * -> [new params, new state], with the same values as `update` followed by `applyUpdates`.
 * Returns undefined where it does not apply (a sparse gradient), and the caller then takes
 * the two steps.
 */
export type FusedApply<S> = (
  grads: Updates,
  state: S,
  params: Params,
  donate: boolean,
) => readonly [Params, S] | undefined;

/** Where a transformation keeps its `FusedApply`, out of its public type. */
export const FUSED_APPLY: unique symbol = Symbol('gradkit.optim.fusedApply');

/** A transformation that may carry a `FusedApply`. */
export type MaybeFused<S> = GradientTransformation<S> & { readonly [FUSED_APPLY]?: FusedApply<S> };

/** @internal Attaches `fused` to `transformation` (a new object; the argument is unchanged). */
export function withFusedApply<S>(
  transformation: GradientTransformation<S>,
  fused: FusedApply<S>,
): GradientTransformation<S> {
  return Object.freeze({ ...transformation, [FUSED_APPLY]: fused });
}

/** @internal The `FusedApply` a transformation carries, if any. */
export function fusedApplyOf<S>(
  transformation: GradientTransformation<S>,
): FusedApply<S> | undefined {
  return (transformation as MaybeFused<S>)[FUSED_APPLY];
}

/**
 * @internal True where every gradient leaf is a dense tensor with its parameter's shape and
 * dtype: the case a `FusedApply` handles (anything else takes the two steps, whose
 * `applyUpdates` reports what is wrong).
 */
export function denseLikeParams(grads: Updates, params: Params): boolean {
  const gradientLeaves = tree.leaves(grads, { isLeaf: isRowSparse });
  const paramLeaves = tree.leaves(params);
  return (
    gradientLeaves.length === paramLeaves.length &&
    gradientLeaves.every((g, i) => {
      const p = paramLeaves[i];
      return (
        g instanceof Tensor &&
        p instanceof Tensor &&
        g.dtype === p.dtype &&
        g.shape.length === p.shape.length &&
        g.shape.every((d, axis) => d === p.shape[axis])
      );
    })
  );
}

/**
 * @internal param + update as one elementwise expression, where `update` is an expression
 * over `inputs`: the same rounding as the update followed by `applyUpdates`. With `donated`
 * the result may take the parameter's buffer.
 */
export function addToParam(
  param: Tensor,
  update: ElementwiseExpression,
  inputs: readonly Tensor[],
  donated: boolean,
): Tensor {
  return fusedElementwise(plus(input(inputs.length), update), [
    ...inputs,
    donated ? donate(param) : param,
  ]);
}
