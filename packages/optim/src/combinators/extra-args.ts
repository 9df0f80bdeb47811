import type { ExtraArgs, GradientTransformation, Params, Updates } from '../types.js';

export type { ExtraArgs };

/** Every `GradientTransformation` takes `extra`; this name is kept for readers of Optax. */
export type GradientTransformationExtraArgs<S = unknown> = GradientTransformation<S>;

/** Calls `transform.update`, forwarding `extra` (ignored by transforms that take none). */
export function updateWithExtra<S>(
  transform: GradientTransformation<S>,
  updates: Updates,
  state: S,
  params: Params | undefined,
  extra: ExtraArgs | undefined,
): readonly [Updates, S] {
  return transform.update(updates, state, params, extra);
}
