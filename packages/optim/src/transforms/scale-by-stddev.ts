import { add, div, fullLike, mul, rsqrt, scope, sqrt, sub, zerosLike } from '@gradkit/tensor';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import type { ScaleByRmsOptions } from './scale-by-rms.js';

export interface ScaleByStddevState {
  readonly count: number;
  readonly mu: Updates;
  readonly nu: Updates;
}

/**
 * Centered RMSProp's rescaling (Graves 2013): μ ← decay·μ + (1−decay)·g,
 * ν ← decay·ν + (1−decay)·g², u = g / √(ν − μ² + eps) (or g / (√(ν − μ²) + eps) with
 * `epsInSqrt: false`, PyTorch's `centered=True`).
 */
export function scaleByStddev(
  options: ScaleByRmsOptions = {},
): GradientTransformation<ScaleByStddevState> {
  const name = 'scaleByStddev';
  const decay = decayRate(name, 'decay', options.decay ?? 0.9);
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-8);
  const initialScale = nonNegative(name, 'initialScale', options.initialScale ?? 0);
  const epsInSqrt = options.epsInSqrt ?? true;
  const biasCorrection = options.biasCorrection ?? false;
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => fullLike(p, initialScale)),
      }),
    update: (updates, state) =>
      scope(() => {
        const count = state.count + 1;
        const correction = biasCorrection ? 1 - decay ** count : 1;
        const [out, mu, nu] = mapDenseLeaves(name, updates, [state.mu, state.nu], (g, m0, v0) => {
          const m = add(mul(m0!, decay), mul(g, 1 - decay));
          const v = add(mul(v0!, decay), mul(mul(g, g), 1 - decay));
          const mHat = correction === 1 ? m : div(m, correction);
          const vHat = correction === 1 ? v : div(v, correction);
          const variance = sub(vHat, mul(mHat, mHat));
          const u = epsInSqrt
            ? mul(g, rsqrt(add(variance, eps)))
            : div(g, add(sqrt(variance), eps));
          return [u, m, v] as const;
        });
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
