import {
  add,
  div,
  fullLike,
  mul,
  rsqrt,
  scope,
  sqrt,
  sub,
  type Tensor,
  zerosLike,
} from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { updateMoment } from './moments.js';

export interface ScaleByRmsOptions {
  /** Decay of the average of squared gradients; default 0.9 (PyTorch's alpha is 0.99). */
  readonly decay?: number;
  /** Default 1e-8. */
  readonly eps?: number;
  /** Initial value of the average; default 0 (PyTorch 0, TF1 1). */
  readonly initialScale?: number;
  /** eps inside the square root (Optax's default, true) or outside it (PyTorch: false). */
  readonly epsInSqrt?: boolean;
  /** Divide the averages by 1 − decayᵗ; default false. */
  readonly biasCorrection?: boolean;
}

export interface ScaleByRmsState {
  readonly count: number;
  readonly nu: Updates;
}

export interface ScaleByStddevState {
  readonly count: number;
  readonly mu: Updates;
  readonly nu: Updates;
}

/**
 * RMSProp's rescaling (Tieleman & Hinton 2012): ν ← decay·ν + (1−decay)·g²,
 * u = g / √(ν + eps) (or g / (√ν + eps) with `epsInSqrt: false`), ν bias-corrected if asked.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByRms } from '@gradkit/optim';
 * const rmsprop = chain(scaleByRms({ decay: 0.99, epsInSqrt: false }), scaleByLearningRate(0.01));
 * ```
 */
export function scaleByRms(
  options: ScaleByRmsOptions = {},
): GradientTransformation<ScaleByRmsState> {
  return rmsScaling('scaleByRms', options, false) as GradientTransformation<ScaleByRmsState>;
}

/**
 * Centered RMSProp's rescaling (Graves 2013): μ ← decay·μ + (1−decay)·g,
 * ν ← decay·ν + (1−decay)·g², u = g / √(ν − μ² + eps) (or g / (√(ν − μ²) + eps) with
 * `epsInSqrt: false`, PyTorch's `centered=True`).
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByStddev } from '@gradkit/optim';
 * const centered = chain(scaleByStddev({ decay: 0.99 }), scaleByLearningRate(0.01));
 * ```
 */
export function scaleByStddev(
  options: ScaleByRmsOptions = {},
): GradientTransformation<ScaleByStddevState> {
  return rmsScaling('scaleByStddev', options, true) as GradientTransformation<ScaleByStddevState>;
}

/** Either state: `mu` only when centered. */
type RmsState = ScaleByRmsState & { readonly mu?: Updates };

/** The one implementation of both: `centered` adds the mean moment μ and subtracts μ². */
function rmsScaling(
  name: string,
  options: ScaleByRmsOptions,
  centered: boolean,
): GradientTransformation<RmsState> {
  const decay = decayRate(name, 'decay', options.decay ?? 0.9);
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-8);
  const initialScale = nonNegative(name, 'initialScale', options.initialScale ?? 0);
  const epsInSqrt = options.epsInSqrt ?? true;
  const biasCorrection = options.biasCorrection ?? false;
  const divideByRoot = (g: Tensor, variance: Tensor) =>
    epsInSqrt ? mul(g, rsqrt(add(variance, eps))) : div(g, add(sqrt(variance), eps));
  return {
    init: (params: Params) => {
      const nu = mapParams(params, (p) => fullLike(p, initialScale));
      if (!centered) return deepFreeze({ count: 0, nu });
      return deepFreeze({ count: 0, mu: mapParams(params, (p) => zerosLike(p)), nu });
    },
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByStddev', state);
        const count = state.count + 1;
        const correction = biasCorrection ? 1 - decay ** count : 1;
        const corrected = (x: Tensor) => (correction === 1 ? x : div(x, correction));
        if (!centered) {
          const [out, nu] = mapDenseLeaves(name, updates, [state.nu], (g, v0) => {
            const v = updateMoment(v0!, mul(g, g), decay);
            return [divideByRoot(g, corrected(v)), v] as const;
          });
          return [out, deepFreeze({ count, nu })] as const;
        }
        const [out, mu, nu] = mapDenseLeaves(name, updates, [state.mu!, state.nu], (g, m0, v0) => {
          const m = updateMoment(m0!, g, decay);
          const v = updateMoment(v0!, mul(g, g), decay);
          const mHat = corrected(m);
          return [divideByRoot(g, sub(corrected(v), mul(mHat, mHat))), m, v] as const;
        });
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
