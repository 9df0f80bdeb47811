import { div, mul, scope, type Tensor, ValueError } from '@gradkit/tensor';
import type { ExtraArgs, GradientTransformationExtraArgs } from '../combinators/extra-args.js';
import { updateWithExtra } from '../combinators/extra-args.js';
import { scaleUpdates } from '../combinators/tree-helpers.js';
import type { GradientTransformation, Updates } from '../types.js';
import type { LossScaleState } from './loss-scale-state.js';

export interface WithLossScaleState<S = unknown> {
  readonly lossScale: LossScaleState;
  readonly innerState: S;
}

/**
 * `inner` behind a loss scale: gradients of the scaled loss are unscaled by `lossScale` and
 * passed to `inner`; on a step with a NaN or an Infinity the update is zero and `inner`'s
 * state stays as it was (its count does not advance), while `lossScale` shrinks. All state
 * in, state out:
 *
 * @example
 * ```ts
 * import { grad } from '@gradkit/autograd';
 * import { adam, dynamicLossScale, scaleLoss, withLossScale } from '@gradkit/optim';
 * import { mul, sum, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const lossFn = (p: { w: Tensor }) => sum(mul(p.w, p.w));
 * const params = { w: tensor([1, 2]) };
 * const opt = withLossScale(adam(1e-3), dynamicLossScale());
 * const state = opt.init(params);
 * const grads = grad((p: { w: Tensor }) => scaleLoss(lossFn(p), state))(params);
 * const [updates, next] = opt.update(grads, state, params);
 * ```
 */
export function withLossScale<S>(
  inner: GradientTransformation<S>,
  lossScale: GradientTransformation<LossScaleState>,
): GradientTransformationExtraArgs<WithLossScaleState<S>> {
  if (typeof inner?.update !== 'function' || typeof lossScale?.update !== 'function') {
    throw new ValueError('withLossScale', 'inner', 'and lossScale must be GradientTransformations');
  }
  return {
    init: (params) =>
      Object.freeze({ lossScale: lossScale.init(params), innerState: inner.init(params) }),
    update: (updates, state, params, extra?: ExtraArgs) =>
      scope(() => {
        const [unscaled, scaleState] = lossScale.update(updates, state.lossScale, params);
        const [next, innerState] = scaleState.lastFinite
          ? updateWithExtra(inner, unscaled, state.innerState, params, extra)
          : [unscaled, state.innerState];
        return [next, Object.freeze({ lossScale: scaleState, innerState })] as const;
      }),
  };
}

const lossScaleOf = (state: LossScaleState | WithLossScaleState): LossScaleState =>
  'lossScale' in state ? state.lossScale : state;

/**
 * `loss · scale`, to differentiate instead of the loss (state of a loss scale or `withLossScale`).
 *
 * @example
 * ```ts
 * import { dynamicLossScale, scaleLoss } from '@gradkit/optim';
 *
 * const state = dynamicLossScale({ initialScale: 256 }).init({});
 * scaleLoss(0.25, state); // 64
 * ```
 */
export function scaleLoss<L extends Tensor | number>(
  loss: L,
  state: LossScaleState | WithLossScaleState,
): L extends number ? number : Tensor {
  const { scale } = lossScaleOf(state);
  return (typeof loss === 'number' ? loss * scale : mul(loss, scale)) as L extends number
    ? number
    : Tensor;
}

/**
 * `grads / scale`: the true gradients, e.g. to clip or log them yourself.
 *
 * @example
 * ```ts
 * import { staticLossScale, unscaleGradients } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const state = staticLossScale(128).init({});
 * unscaleGradients({ w: tensor([128, 256]) }, state); // { w: [1, 2] }
 * ```
 */
export function unscaleGradients(
  grads: Updates,
  state: LossScaleState | WithLossScaleState,
): Updates {
  const { scale } = lossScaleOf(state);
  return scope(() => scaleUpdates(grads, div, scale));
}
