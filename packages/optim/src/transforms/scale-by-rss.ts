import { add, div, fullLike, greater, mul, rsqrt, scope, sqrt, where } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface ScaleByRssOptions {
  /** Starting value of the sum of squares; default 0.1 (PyTorch's Adagrad: 0). */
  readonly initialAccumulatorValue?: number;
  /** Default 1e-7 (PyTorch's Adagrad: 1e-10, outside the root). */
  readonly eps?: number;
  /** eps inside the square root (Optax, default true) or outside it (PyTorch's Adagrad). */
  readonly epsInSqrt?: boolean;
}

export interface ScaleByRssState {
  readonly sumOfSquares: Updates;
}

/**
 * Adagrad's rescaling (Duchi et al. 2011): s ← s + g², u = g / √(s + eps) where s > 0 and 0
 * elsewhere (or g / (√s + eps) with `epsInSqrt: false`, as PyTorch).
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByRss } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByRss(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByRss(
  options: ScaleByRssOptions = {},
): GradientTransformation<ScaleByRssState> {
  const name = 'scaleByRss';
  const initial = nonNegative(
    name,
    'initialAccumulatorValue',
    options.initialAccumulatorValue ?? 0.1,
  );
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-7);
  const epsInSqrt = options.epsInSqrt ?? true;
  return {
    init: (params: Params) =>
      deepFreeze({ sumOfSquares: mapParams(params, (p) => fullLike(p, initial)) }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByRss', state);
        const [out, sumOfSquares] = mapDenseLeaves(name, updates, [state.sumOfSquares], (g, s0) => {
          const s = add(s0!, mul(g, g));
          const u = epsInSqrt
            ? mul(g, where(greater(s, 0), rsqrt(add(s, eps)), 0))
            : div(g, add(sqrt(s), eps));
          return [u, s] as const;
        });
        return [out, deepFreeze({ sumOfSquares })] as const;
      }),
  };
}
