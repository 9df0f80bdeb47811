import { mul, scope, sub, zerosLike } from '@gradkit/tensor';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { finite } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface ScaleByOptimisticGradientOptions {
  /** Weight of the current gradient; default 1. */
  readonly alpha?: number;
  /** Weight of the negative momentum (the change since the previous gradient); default 1. */
  readonly beta?: number;
}

export interface ScaleByOptimisticGradientState {
  /** Whether no gradient has been seen yet. */
  readonly initialStep: boolean;
  readonly previous: Updates;
}

/**
 * Generalized optimistic gradients (Optax's `scale_by_optimistic_gradient`):
 * u = (α + β)·g − β·g_prev, where g_prev is the previous gradient (g itself at the first step).
 *
 * @example
 * ```ts
 * import { scaleByOptimisticGradient } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const transform = scaleByOptimisticGradient({ alpha: 1, beta: 1 });
 * const [direction] = transform.update({ w: tensor([0.1, -0.1]) }, transform.init(params));
 * ```
 */
export function scaleByOptimisticGradient(
  options: ScaleByOptimisticGradientOptions = {},
): GradientTransformation<ScaleByOptimisticGradientState> {
  const name = 'scaleByOptimisticGradient';
  const alpha = finite(name, 'alpha', options.alpha ?? 1);
  const beta = finite(name, 'beta', options.beta ?? 1);
  return {
    init: (params: Params) =>
      deepFreeze({ initialStep: true, previous: mapParams(params, zerosLike) }),
    update: (updates, state) =>
      scope(() => {
        const [out, previous] = mapDenseLeaves(name, updates, [state.previous], (g, g0) => {
          const before = state.initialStep ? g : g0!;
          return [sub(mul(g, alpha + beta), mul(before, beta)), g] as const;
        });
        return [out, deepFreeze({ initialStep: false, previous })] as const;
      }),
  };
}
