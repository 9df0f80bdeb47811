import { add, div, mul, scope, sqrt, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params } from '../types.js';
import { finite } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { firstMomentHat, updateMoment } from './moments.js';
import type { MomentsState } from './moments-state.js';

export interface ScaleByRadamOptions extends Omit<AdamFamilyOptions, 'lazy'> {
  /** Length of the approximated SMA above which the adaptive step is used; default 5. */
  readonly threshold?: number;
  readonly nesterov?: boolean;
  /**
   * 'optax' (default): u = r·m̂/(√(v̂ + epsRoot) + eps) when ρ ≥ threshold. 'pytorch'
   * (torch.optim.RAdam): u = r·m̂·√(1−b2ᵗ)/(√v + eps) when ρ > threshold, that is eps
   * sits outside the bias correction.
   */
  readonly variant?: 'optax' | 'pytorch';
}

/**
 * Rectified Adam (Liu et al. 2019): m, v as Adam; ρ∞ = 2/(1−b2) − 1,
 * ρ = ρ∞ − 2t·b2ᵗ/(1−b2ᵗ); when ρ ≥ threshold, u = r·m̂/(√(v̂ + epsRoot) + eps) with
 * r = √((ρ−4)(ρ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ)); otherwise u = m̂.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByRadam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByRadam(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByRadam(
  options: ScaleByRadamOptions = {},
): GradientTransformation<MomentsState> {
  const name = 'scaleByRadam';
  const { b1, b2, eps, epsRoot } = resolveAdamOptions(name, options);
  const threshold = finite(name, 'threshold', options.threshold ?? 5);
  const nesterov = options.nesterov ?? false;
  const pytorch = (options.variant ?? 'optax') === 'pytorch';
  const rhoInfinity = 2 / (1 - b2) - 1;
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByRadam', state);
        const count = state.count + 1;
        const b2t = b2 ** count;
        const rho = rhoInfinity - (2 * count * b2t) / (1 - b2t);
        const rectify = pytorch ? rho > threshold : rho >= threshold;
        const r = Math.sqrt(
          ((rho - 4) * (rho - 2) * rhoInfinity) / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho),
        );
        const [out, mu, nu] = mapDenseLeaves(name, updates, [state.mu, state.nu], (g, m0, v0) => {
          const m = updateMoment(m0!, g, b1);
          const v = updateMoment(v0!, mul(g, g), b2);
          const mHat = firstMomentHat(m, g, b1, count, nesterov);
          if (!rectify) return [mHat, m, v] as const;
          const denominator = pytorch
            ? div(add(sqrt(add(v, epsRoot)), eps), Math.sqrt(1 - b2t))
            : add(sqrt(add(div(v, 1 - b2t), epsRoot)), eps);
          return [mul(div(mHat, denominator), r), m, v] as const;
        });
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
