import { scope } from '@gradkit/tensor';
import { applyUpdates } from './base.js';
import { fusedApplyOf } from './transforms/fused-apply.js';
import type { ExtraArgs, GradientTransformation, Params, Updates } from './types.js';

/** Options of `updateAndApply`. */
export interface UpdateAndApplyOptions {
  /**
   * The caller gives the parameters and the state up: the new ones are written into their
   * buffers where that is safe (see `donate` in @gradkit/tensor) and the old ones are
   * disposed. The gradients are only read. Default false: nothing passed in changes.
   */
  readonly donate?: boolean;
  /** Passed on to `update` (for example the loss for `reduceOnPlateau`). */
  readonly extra?: ExtraArgs;
}

/**
 * One optimizer step: `optimizer.update` and then `applyUpdates`, returning the new
 * parameters and state. Where the optimizer's last step can also add its update to the
 * parameters (dense gradients; `adam` with a constant learning rate, Adamax, scaling and
 * decay steps, chains ending in one), it does, in the same pass (in place with
 * `{ donate: true }`). The values are those of the two steps.
 *
 * @example
 * ```ts
 * import { adam, updateAndApply } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = adam(1e-3);
 * let params = { w: tensor([1, 2]) };
 * let state = optimizer.init(params);
 * const grads = { w: tensor([0.1, -0.2]) };
 * [params, state] = updateAndApply(optimizer, grads, state, params, { donate: true });
 * ```
 */
export function updateAndApply<S, P extends Params>(
  optimizer: GradientTransformation<S>,
  grads: Updates,
  state: S,
  params: P,
  options: UpdateAndApplyOptions = {},
): readonly [P, S] {
  const donate = options.donate === true;
  const fused = options.extra === undefined ? fusedApplyOf(optimizer) : undefined;
  const stepped = fused?.(grads, state, params, donate);
  if (stepped !== undefined) return stepped as readonly [P, S];
  return scope(() => {
    const [updates, next] = optimizer.update(grads, state, params, { ...options.extra, donate });
    return [applyUpdates(params, updates, { donate }) as P, next] as const;
  });
}
