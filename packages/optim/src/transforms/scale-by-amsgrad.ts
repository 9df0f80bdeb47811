import { add, div, maximum, mul, scope, sqrt, type Tensor, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { deepFreeze, mapLeaves, mapParams } from './leaves.js';
import { biasCorrection, updateMoment } from './moments.js';

export interface ScaleByAmsgradOptions extends AdamFamilyOptions {
  /**
   * 'documented' (default; PyTorch's and MindSpore's docs, Optax): the running maximum is
   * over bias-corrected v̂. 'pytorch' (PyTorch's implementation, 1.11 to 2.x): the maximum
   * is over raw v and the denominator is √vmax/√(1−b2ᵗ) + eps.
   */
  readonly variant?: 'documented' | 'pytorch';
}

export interface ScaleByAmsgradState {
  readonly count: number;
  readonly mu: Updates;
  readonly nu: Updates;
  readonly nuMax: Updates;
}

/**
 * AMSGrad (Reddi et al. 2018): m and v as Adam, then
 * documented: v̂max ← max(v̂max, v/(1−b2ᵗ)), u = m̂ / (√(v̂max + epsRoot) + eps);
 * pytorch: vmax ← max(vmax, v), u = m̂ / (√(vmax + epsRoot)/√(1−b2ᵗ) + eps).
 * Accepts RowSparse gradients (see `lazy`).
 *
 * @example
 * ```ts
 * import { chain, scaleByAmsgrad, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAmsgrad(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByAmsgrad(
  options: ScaleByAmsgradOptions = {},
): GradientTransformation<ScaleByAmsgradState> {
  const { b1, b2, eps, epsRoot, lazy } = resolveAdamOptions('scaleByAmsgrad', options);
  const variant = options.variant ?? 'documented';
  if (variant !== 'documented' && variant !== 'pytorch') {
    throw new TypeError(
      `scaleByAmsgrad: argument 'variant' must be 'documented' or 'pytorch', got ${String(variant)}`,
    );
  }
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
        nuMax: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByAmsgrad', state);
        const count = state.count + 1;
        const step = (g: Tensor, [m0, v0, max0]: readonly Tensor[]) => {
          const m = updateMoment(m0!, g, b1);
          const v = updateMoment(v0!, mul(g, g), b2);
          const mHat = biasCorrection(m, b1, count);
          if (variant === 'documented') {
            const vMax = maximum(max0!, biasCorrection(v, b2, count));
            const update = div(mHat, add(sqrt(add(vMax, epsRoot)), eps));
            return [update, m, v, vMax] as const;
          }
          const vMax = maximum(max0!, v);
          const denominator = add(div(sqrt(add(vMax, epsRoot)), Math.sqrt(1 - b2 ** count)), eps);
          return [div(mHat, denominator), m, v, vMax] as const;
        };
        const [out, mu, nu, nuMax] = mapLeaves(
          'scaleByAmsgrad',
          updates,
          [state.mu, state.nu, state.nuMax],
          (g, m, v, vMax) => adamFamilyLeaf(g, [m, v, vMax], lazy, step),
        );
        return [out, deepFreeze({ count, mu, nu, nuMax })] as const;
      }),
  };
}
