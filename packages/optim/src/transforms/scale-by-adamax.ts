import { fusedElementwise, scope, type Tensor, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params } from '../types.js';
import { finite } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { input, larger, magnitude, over, plus, times } from './expression.js';
import { addToParam, denseLikeParams, withFusedApply } from './fused-apply.js';
import { deepFreeze, mapLeaves, mapParams } from './leaves.js';
import type { ScaleByAdamState } from './scale-by-adam.js';

export interface ScaleByAdamaxOptions extends Omit<AdamFamilyOptions, 'epsRoot'> {
  /**
   * Multiplies the update in the same pass; default 1. A constant −learningRate here and
   * `identity()` in place of `scaleByLearningRate` save one kernel per parameter.
   */
  readonly scale?: number;
}

/**
 * Adamax (Kingma & Ba 2014, §7), as Optax and PyTorch: m ← b1·m + (1−b1)·g,
 * u∞ ← max(b2·u∞, |g| + eps), u = m / ((1−b1ᵗ) · u∞). `nu` holds u∞. Accepts RowSparse
 * gradients (see `lazy`); `scale` multiplies the update in the same pass.
 *
 * @example
 * ```ts
 * import { chain, scaleByAdamax, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdamax(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByAdamax(
  options: ScaleByAdamaxOptions = {},
): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, lazy } = resolveAdamOptions('scaleByAdamax', options);
  const scale = finite('scaleByAdamax', 'scale', options.scale ?? 1);
  const init = (params: Params) =>
    deepFreeze({
      count: 0,
      mu: mapParams(params, (p) => zerosLike(p)),
      nu: mapParams(params, (p) => zerosLike(p)),
    });
  const [G, M, U] = [input(0), input(1), input(2)];
  // Each one elementwise expression: one fused kernel where the backend fuses.
  const moments = (g: Tensor, m0: Tensor, u0: Tensor) => [
    fusedElementwise(plus(times(M, b1), times(G, 1 - b1)), [g, m0]),
    fusedElementwise(larger(times(U, b2), plus(magnitude(G), eps)), [g, m0, u0]),
  ];
  const update = (count: number) => {
    const direction = over(over(M, 1 - b1 ** count), U);
    // The same rounding as a separate multiplication by `scale` afterwards.
    return scale === 1 ? direction : times(direction, scale);
  };
  const transformation: GradientTransformation<ScaleByAdamState> = {
    init,
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByAdamax', state);
        const count = state.count + 1;
        const step = (g: Tensor, [m0, u0]: readonly Tensor[]) => {
          const [m, u] = moments(g, m0!, u0!);
          return [fusedElementwise(update(count), [g, m!, u!]), m!, u!] as const;
        };
        const [out, mu, nu] = mapLeaves('scaleByAdamax', updates, [state.mu, state.nu], (g, m, u) =>
          adamFamilyLeaf(g, [m, u], lazy, step),
        );
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
  // The moments, then param + update in one pass (dense gradients only).
  return withFusedApply(transformation, (grads, state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    return scope(() => {
      checkState('scaleByAdamax', state);
      const count = state.count + 1;
      const [next, mu, nu] = mapLeaves(
        'scaleByAdamax',
        grads,
        [state.mu, state.nu, params],
        (g, m0, u0, p) => {
          const [m, u] = moments(g as Tensor, m0!, u0!);
          return [addToParam(p!, update(count), [g as Tensor, m!, u!], donated), m!, u!] as const;
        },
      );
      return [next as Params, deepFreeze({ count, mu, nu })] as const;
    });
  });
}
