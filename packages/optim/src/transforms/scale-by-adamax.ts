import { fusedElementwise, scope, type Tensor, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params } from '../types.js';
import { finite } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { input, larger, magnitude, over, plus, times } from './expression.js';
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
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByAdamax', state);
        const count = state.count + 1;
        const correction1 = 1 - b1 ** count;
        // Each line one elementwise expression: one fused kernel where the backend fuses.
        const [G, M, U] = [input(0), input(1), input(2)];
        const step = (g: Tensor, [m0, u0]: readonly Tensor[]) => {
          const m = fusedElementwise(plus(times(M, b1), times(G, 1 - b1)), [g, m0!]);
          const u = fusedElementwise(larger(times(U, b2), plus(magnitude(G), eps)), [g, m0!, u0!]);
          const direction = over(over(M, correction1), U);
          // The same rounding as a separate multiplication by `scale` afterwards.
          const update = scale === 1 ? direction : times(direction, scale);
          return [fusedElementwise(update, [g, m, u]), m, u] as const;
        };
        const [out, mu, nu] = mapLeaves('scaleByAdamax', updates, [state.mu, state.nu], (g, m, u) =>
          adamFamilyLeaf(g, [m, u], lazy, step),
        );
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
