import { add, div, mul, scope, sqrt, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface ScaleByAdadeltaOptions {
  /** Decay of both running averages; default 0.9. */
  readonly rho?: number;
  /** Default 1e-6. */
  readonly eps?: number;
}

export interface ScaleByAdadeltaState {
  /** Running average of squared gradients. */
  readonly eG: Updates;
  /** Running average of squared updates. */
  readonly eX: Updates;
}

/**
 * Adadelta (Zeiler 2012), as Optax and PyTorch: E[g²] ← ρ·E[g²] + (1−ρ)·g²,
 * u = √(E[Δx²] + eps) / √(E[g²] + eps) · g, E[Δx²] ← ρ·E[Δx²] + (1−ρ)·u².
 *
 * @example
 * ```ts
 * import { chain, scaleByAdadelta, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdadelta(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByAdadelta(
  options: ScaleByAdadeltaOptions = {},
): GradientTransformation<ScaleByAdadeltaState> {
  const name = 'scaleByAdadelta';
  const rho = decayRate(name, 'rho', options.rho ?? 0.9);
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-6);
  return {
    init: (params: Params) =>
      deepFreeze({
        eG: mapParams(params, (p) => zerosLike(p)),
        eX: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByAdadelta', state);
        const [out, eG, eX] = mapDenseLeaves(name, updates, [state.eG, state.eX], (g, eg0, ex0) => {
          const eg = add(mul(eg0!, rho), mul(mul(g, g), 1 - rho));
          const u = mul(div(sqrt(add(ex0!, eps)), sqrt(add(eg, eps))), g);
          const ex = add(mul(ex0!, rho), mul(mul(u, u), 1 - rho));
          return [u, eg, ex] as const;
        });
        return [out, deepFreeze({ eG, eX })] as const;
      }),
  };
}
