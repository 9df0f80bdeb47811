import { add, div, fullLike, mul, rsqrt, scope, sqrt } from '@gradkit/tensor';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface ScaleByRmsOptions {
  /** Decay of the average of squared gradients; default 0.9 (PyTorch's alpha is 0.99). */
  readonly decay?: number;
  /** Default 1e-8. */
  readonly eps?: number;
  /** Initial value of the average; default 0 (PyTorch 0, TF1 1). */
  readonly initialScale?: number;
  /** eps inside the square root (Optax's default, true) or outside it (PyTorch: false). */
  readonly epsInSqrt?: boolean;
  /** Divide the average by 1 − decayᵗ; default false. */
  readonly biasCorrection?: boolean;
}

export interface ScaleByRmsState {
  readonly count: number;
  readonly nu: Updates;
}

/**
 * RMSProp's rescaling (Tieleman & Hinton 2012): ν ← decay·ν + (1−decay)·g²,
 * u = g / √(ν + eps) (or g / (√ν + eps) with `epsInSqrt: false`), ν bias-corrected if asked.
 */
export function scaleByRms(
  options: ScaleByRmsOptions = {},
): GradientTransformation<ScaleByRmsState> {
  const name = 'scaleByRms';
  const decay = decayRate(name, 'decay', options.decay ?? 0.9);
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-8);
  const initialScale = nonNegative(name, 'initialScale', options.initialScale ?? 0);
  const epsInSqrt = options.epsInSqrt ?? true;
  const biasCorrection = options.biasCorrection ?? false;
  return {
    init: (params: Params) =>
      deepFreeze({ count: 0, nu: mapParams(params, (p) => fullLike(p, initialScale)) }),
    update: (updates, state) =>
      scope(() => {
        const count = state.count + 1;
        const correction = biasCorrection ? 1 - decay ** count : 1;
        const [out, nu] = mapDenseLeaves(name, updates, [state.nu], (g, v0) => {
          const v = add(mul(v0!, decay), mul(mul(g, g), 1 - decay));
          const vHat = correction === 1 ? v : div(v, correction);
          const u = epsInSqrt ? mul(g, rsqrt(add(vHat, eps))) : div(g, add(sqrt(vHat), eps));
          return [u, v] as const;
        });
        return [out, deepFreeze({ count, nu })] as const;
      }),
  };
}
