import { add, div, equal, logicalOr, maximum, mul, norm, scope, where } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapDenseLeaves, requireParams } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

export interface ScaleByTrustRatioOptions {
  /** Lower bound on both norms; default 0. */
  readonly minNorm?: number;
  /** Multiplies the trust ratio; default 1. */
  readonly trustCoefficient?: number;
  /** Added to the update norm; default 0. */
  readonly eps?: number;
}

/**
 * LARS/LAMB's layer-wise trust ratio (You et al. 2017), per leaf:
 * u ← u · c·max(‖w‖, minNorm) / (max(‖u‖, minNorm) + eps), or u unchanged when either norm
 * is 0. Needs the parameters.
 *
 * @example
 * ```ts
 * import { chain, scaleByAdam, scaleByLearningRate, scaleByTrustRatio } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdam(), scaleByTrustRatio(), scaleByLearningRate(0.01)); // LAMB without decay
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByTrustRatio(
  options: ScaleByTrustRatioOptions = {},
): GradientTransformation<EmptyState> {
  const name = 'scaleByTrustRatio';
  const minNorm = nonNegative(name, 'minNorm', options.minNorm ?? 0);
  const coefficient = nonNegative(name, 'trustCoefficient', options.trustCoefficient ?? 1);
  const eps = nonNegative(name, 'eps', options.eps ?? 0);
  return {
    init: () => EMPTY,
    update: (updates, _state, params) =>
      scope(() => {
        const weights = requireParams(name, params);
        const [out] = mapDenseLeaves(name, updates, [weights], (u, w) => {
          const paramNorm = maximum(norm(w!), minNorm);
          const updateNorm = maximum(norm(u), minNorm);
          const ratio = div(mul(paramNorm, coefficient), add(updateNorm, eps));
          const zero = logicalOr(equal(paramNorm, 0), equal(updateNorm, 0));
          return [mul(u, where(zero, 1, ratio))] as const;
        });
        return [out, EMPTY] as const;
      }),
  };
}
