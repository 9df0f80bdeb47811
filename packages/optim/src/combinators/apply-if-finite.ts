import { scope } from '@gradkit/tensor';
import { checkState, checkTransform } from '../check-inputs.js';
import type { GradientTransformation } from '../types.js';
import { integerAtLeast } from '../validate.js';
import {
  type ExtraArgs,
  type GradientTransformationExtraArgs,
  updateWithExtra,
} from './extra-args.js';
import { allFinite, zerosLikeUpdates } from './tree-helpers.js';

export interface ApplyIfFiniteState<S = unknown> {
  /** Non-finite steps in a row (0 after a finite one). */
  readonly notfiniteCount: number;
  /** Whether the last gradients were all finite. */
  readonly lastFinite: boolean;
  /** Non-finite steps in total. */
  readonly totalNotfinite: number;
  readonly innerState: S;
}

/**
 * Skips steps whose gradients hold a NaN or an Infinity (Optax's `apply_if_finite`): such a
 * step returns zero updates and leaves the inner state as it was, unless more than
 * `maxConsecutiveErrors` non-finite steps have come in a row, in which case the update is
 * applied anyway (so a run that has truly diverged shows it). The check reads one number per
 * leaf back from the device.
 *
 * @example
 * ```ts
 * import { adam, applyIfFinite } from '@gradkit/optim';
 *
 * // skip steps whose gradients hold NaN or Infinity; give up after 5 in a row
 * const optimizer = applyIfFinite(adam(1e-3), 5);
 * ```
 */
export function applyIfFinite<S>(
  inner: GradientTransformation<S>,
  maxConsecutiveErrors: number,
): GradientTransformationExtraArgs<ApplyIfFiniteState<S>> {
  checkTransform('applyIfFinite', 'inner', inner);
  integerAtLeast('applyIfFinite', 'maxConsecutiveErrors', maxConsecutiveErrors, 0);
  return {
    init: (params) =>
      Object.freeze({
        notfiniteCount: 0,
        lastFinite: true,
        totalNotfinite: 0,
        innerState: inner.init(params),
      }),
    update: (updates, state, params, extra?: ExtraArgs) =>
      scope(() => {
        checkState('applyIfFinite', state);
        const finite = allFinite(updates);
        const notfiniteCount = finite ? 0 : state.notfiniteCount + 1;
        const apply = finite || notfiniteCount > maxConsecutiveErrors;
        const [next, innerState] = apply
          ? updateWithExtra(inner, updates, state.innerState, params, extra)
          : [zerosLikeUpdates(updates), state.innerState];
        const nextState: ApplyIfFiniteState<S> = Object.freeze({
          notfiniteCount,
          lastFinite: finite,
          totalNotfinite: finite ? state.totalNotfinite : state.totalNotfinite + 1,
          innerState,
        });
        return [next, nextState] as const;
      }),
  };
}
