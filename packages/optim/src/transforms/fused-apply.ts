import type { GradientTransformation, Params, Updates } from '../types.js';

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
