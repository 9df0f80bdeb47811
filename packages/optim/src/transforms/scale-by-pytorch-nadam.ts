import { add, div, mul, scope, sqrt, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { nonNegative } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { updateMoment } from './moments.js';

export interface ScaleByPytorchNadamOptions extends Omit<AdamFamilyOptions, 'lazy' | 'epsRoot'> {
  /** ψ, PyTorch's `momentum_decay`; default 4e-3. */
  readonly momentumDecay?: number;
  /**
   * Reproduce torch ≤ 1.13, whose μ-product for the next step counted μₜ twice
   * (`mu_product * mu * mu_next`); fixed in torch 2.0. Default false.
   */
  readonly legacyMomentumProduct?: boolean;
}

export interface ScaleByPytorchNadamState {
  readonly count: number;
  /** Π μᵢ over the steps so far. */
  readonly muProduct: number;
  readonly mu: Updates;
  readonly nu: Updates;
}

/**
 * torch.optim.NAdam (Dozat 2016 with PyTorch's momentum schedule), which differs from
 * Optax's `nadam` (`scaleByAdam({ nesterov: true })`): μₜ = b1·(1 − ½·0.96^(tψ)),
 * m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g², d = √(v/(1−b2ᵗ)) + eps,
 * u = (1−μₜ)/(1−Πμ)·g/d + μₜ₊₁/(1−Πμ·μₜ₊₁)·m/d.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByPytorchNadam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByPytorchNadam(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByPytorchNadam(
  options: ScaleByPytorchNadamOptions = {},
): GradientTransformation<ScaleByPytorchNadamState> {
  const name = 'scaleByPytorchNadam';
  const { b1, b2, eps } = resolveAdamOptions(name, options);
  const psi = nonNegative(name, 'momentumDecay', options.momentumDecay ?? 4e-3);
  const legacy = options.legacyMomentumProduct ?? false;
  const momentumAt = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * psi));
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        muProduct: 1,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByPytorchNadam', state);
        const count = state.count + 1;
        const momentum = momentumAt(count);
        const momentumNext = momentumAt(count + 1);
        const muProduct = state.muProduct * momentum;
        const muProductNext = muProduct * (legacy ? momentum : 1) * momentumNext;
        const gradientWeight = (1 - momentum) / (1 - muProduct);
        const momentWeight = momentumNext / (1 - muProductNext);
        const [out, mu, nu] = mapDenseLeaves(name, updates, [state.mu, state.nu], (g, m0, v0) => {
          const m = updateMoment(m0!, g, b1);
          const v = updateMoment(v0!, mul(g, g), b2);
          const denominator = add(sqrt(div(v, 1 - b2 ** count)), eps);
          const u = div(add(mul(g, gradientWeight), mul(m, momentWeight)), denominator);
          return [u, m, v] as const;
        });
        return [out, deepFreeze({ count, muProduct, mu, nu })] as const;
      }),
  };
}
