import type { Tensor } from '@gradkit/tensor';
import type { GradientTransformation, Params, Updates } from '../types.js';

/**
 * Extra inputs some transforms need besides the gradients, passed as a fourth `update`
 * argument (Optax's `**extra_args`): `value` is the loss of this step, which
 * `reduceOnPlateau` watches.
 */
export interface ExtraArgs {
  /** The loss, a number or a one-element tensor (read back when used). */
  readonly value?: number | Tensor;
}

/**
 * A `GradientTransformation` whose `update` also takes `extra`. Any such transform is still a
 * plain `GradientTransformation` (the argument is optional), so it composes everywhere; the
 * combinators of this package forward `extra` to their inner transforms. `chain` and
 * `namedChain` (in base) call `update` with three arguments, so a transform that needs `extra`
 * must be outermost or wrapped by a combinator that forwards it.
 */
export interface GradientTransformationExtraArgs<S = unknown> extends GradientTransformation<S> {
  readonly update: (
    updates: Updates,
    state: S,
    params?: Params,
    extra?: ExtraArgs,
  ) => readonly [Updates, S];
}

/** Calls `transform.update`, forwarding `extra` (ignored by transforms that take none). */
export function updateWithExtra<S>(
  transform: GradientTransformation<S>,
  updates: Updates,
  state: S,
  params: Params | undefined,
  extra: ExtraArgs | undefined,
): readonly [Updates, S] {
  return (transform as GradientTransformationExtraArgs<S>).update(updates, state, params, extra);
}
