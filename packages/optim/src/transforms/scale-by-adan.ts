import { add, div, mul, scope, sqrt, sub, zerosLike } from '@gradkit/tensor';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { biasCorrection, updateMoment } from './moments.js';

export interface ScaleByAdanOptions {
  /** Decay of the moving average of gradients; default 0.98. */
  readonly b1?: number;
  /** Decay of the moving average of gradient differences; default 0.92. */
  readonly b2?: number;
  /** Decay of the moving average of the squared term; default 0.99. */
  readonly b3?: number;
  /** Added to the denominator; default 1e-8. */
  readonly eps?: number;
  /** Added inside the square root; default 0. */
  readonly epsRoot?: number;
}

export interface ScaleByAdanState {
  /** Steps taken (Optax's `t`). */
  readonly count: number;
  /** Moving average of the gradients. */
  readonly m: Updates;
  /** Moving average of the gradient differences. */
  readonly v: Updates;
  /** Moving average of (g + b2·Δg)². */
  readonly n: Updates;
  /** The previous gradient. */
  readonly previous: Updates;
}

/**
 * Adan's rescaling (Xie et al. 2022, Optax's `scale_by_adan`), with Δg = g − g_prev (0 at
 * the first step):
 *
 *   m ← b1·m + (1−b1)·g,  v ← b2·v + (1−b2)·Δg,  n ← b3·n + (1−b3)·(g + (1−b2)·Δg)²
 *   u = (m̂ + (1−b2)·v̂) / (√(n̂ + epsRoot) + eps), each hat the bias-corrected moving average
 *
 * @example
 * ```ts
 * import { scaleByAdan } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const transform = scaleByAdan({ b1: 0.98 });
 * const [direction] = transform.update({ w: tensor([0.1, -0.1]) }, transform.init(params));
 * ```
 */
export function scaleByAdan(
  options: ScaleByAdanOptions = {},
): GradientTransformation<ScaleByAdanState> {
  const name = 'scaleByAdan';
  const b1 = decayRate(name, 'b1', options.b1 ?? 0.98);
  const b2 = decayRate(name, 'b2', options.b2 ?? 0.92);
  const b3 = decayRate(name, 'b3', options.b3 ?? 0.99);
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-8);
  const epsRoot = nonNegative(name, 'epsRoot', options.epsRoot ?? 0);
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        m: mapParams(params, zerosLike),
        v: mapParams(params, zerosLike),
        n: mapParams(params, zerosLike),
        previous: mapParams(params, zerosLike),
      }),
    update: (updates, state) =>
      scope(() => {
        const count = state.count + 1;
        const [out, m, v, n, previous] = mapDenseLeaves(
          name,
          updates,
          [state.m, state.v, state.n, state.previous],
          (g, m0, v0, n0, g0) => {
            const diff = state.count === 0 ? zerosLike(g) : sub(g, g0!);
            const m1 = updateMoment(m0!, g, b1);
            const v1 = updateMoment(v0!, diff, b2);
            const square = add(g, mul(diff, 1 - b2));
            const n1 = updateMoment(n0!, mul(square, square), b3);
            const mHat = biasCorrection(m1, b1, count);
            const vHat = biasCorrection(v1, b2, count);
            const nHat = biasCorrection(n1, b3, count);
            const u = div(add(mHat, mul(vHat, 1 - b2)), add(sqrt(add(nHat, epsRoot)), eps));
            return [u, m1, v1, n1, g] as const;
          },
        );
        return [out, deepFreeze({ count, m, v, n, previous })] as const;
      }),
  };
}
