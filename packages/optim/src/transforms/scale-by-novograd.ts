import { add, div, mul, norm, scalar, scope, sqrt, type Tensor, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { nonNegative } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { deepFreeze, mapDenseLeaves, mapParams, requireParams } from './leaves.js';

export interface ScaleByNovogradOptions extends Omit<AdamFamilyOptions, 'lazy'> {
  /** Decoupled weight decay added to the normalized gradient; default 0. */
  readonly weightDecay?: number;
}

export interface ScaleByNovogradState {
  readonly count: number;
  readonly mu: Updates;
  /** One scalar per leaf: the moving average of the squared norm of the leaf's gradient. */
  readonly nu: Updates;
}

/**
 * NovoGrad (Ginsburg et al. 2019), as Optax, per leaf (layer): ν ← ‖g‖² at the first step,
 * then ν ← b2·ν + (1−b2)·‖g‖²; m ← g/(√(ν + epsRoot) + eps) + λ·w at the first step, then
 * m ← b1·m + g/(√(ν + epsRoot) + eps) + λ·w; u = m. Defaults b1 0.9, b2 0.25, eps 1e-8.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByNovograd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByNovograd(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByNovograd(
  options: ScaleByNovogradOptions = {},
): GradientTransformation<ScaleByNovogradState> {
  const name = 'scaleByNovograd';
  const { b1, b2, eps, epsRoot } = resolveAdamOptions(name, options, { b2: 0.25 });
  const weightDecay = nonNegative(name, 'weightDecay', options.weightDecay ?? 0);
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => scalar(0, p.dtype)),
      }),
    update: (updates, state, params) =>
      scope(() => {
        checkState('scaleByNovograd', state);
        const count = state.count + 1;
        const first = count === 1;
        const weights = weightDecay === 0 ? state.mu : requireParams(name, params);
        const [out, mu, nu] = mapDenseLeaves(
          name,
          updates,
          [state.mu, state.nu, weights],
          (g, m0, v0, w) => {
            const squaredNorm = mul(norm(g), norm(g));
            const v: Tensor = first ? squaredNorm : add(mul(v0!, b2), mul(squaredNorm, 1 - b2));
            let step = div(g, add(sqrt(add(v, epsRoot)), eps));
            if (weightDecay !== 0) step = add(step, mul(w!, weightDecay));
            const m = first ? step : add(mul(m0!, b1), step);
            return [m, m, v] as const;
          },
        );
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
