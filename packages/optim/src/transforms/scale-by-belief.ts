import { add, div, mul, scope, sqrt, sub, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params } from '../types.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { firstMomentHat, updateMoment } from './moments.js';
import type { MomentsState } from './moments-state.js';

export interface ScaleByBeliefOptions extends Omit<AdamFamilyOptions, 'lazy'> {
  readonly nesterov?: boolean;
}

/**
 * AdaBelief (Zhuang et al. 2020), as Optax: m ← b1·m + (1−b1)·g,
 * s ← b2·s + (1−b2)·(g − m)² + epsRoot, u = m̂ / (√ŝ + eps). Defaults eps = epsRoot = 1e-16.
 *
 * @example
 * ```ts
 * import { chain, scaleByBelief, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByBelief(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByBelief(
  options: ScaleByBeliefOptions = {},
): GradientTransformation<MomentsState> {
  const name = 'scaleByBelief';
  const { b1, b2, eps, epsRoot } = resolveAdamOptions(name, options, {
    eps: 1e-16,
    epsRoot: 1e-16,
  });
  const nesterov = options.nesterov ?? false;
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByBelief', state);
        const count = state.count + 1;
        const [out, mu, nu] = mapDenseLeaves(name, updates, [state.mu, state.nu], (g, m0, s0) => {
          const m = updateMoment(m0!, g, b1);
          const error = sub(g, m);
          const s = add(updateMoment(s0!, mul(error, error), b2), epsRoot);
          const mHat = firstMomentHat(m, g, b1, count, nesterov);
          const sHat = div(s, 1 - b2 ** count);
          return [div(mHat, add(sqrt(sHat), eps)), m, s] as const;
        });
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
