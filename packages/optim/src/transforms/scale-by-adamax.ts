import { donate, fusedElementwiseOutputs, scope, type Tensor, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params } from '../types.js';
import { finite } from '../validate.js';
import { infinityMomentOf, movingAverageOf, scaled } from './adam-formulas.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { input, over, plus } from './expression.js';
import { denseLikeParams, withFusedApply } from './fused-apply.js';
import { deepFreeze, mapLeaves, mapParams } from './leaves.js';
import type { ScaleByAdamState } from './scale-by-adam.js';
import { advanceCount, initialCount } from './step-count.js';

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
      count: initialCount(),
      mu: mapParams(params, (p) => zerosLike(p)),
      nu: mapParams(params, (p) => zerosLike(p)),
    });
  // One pass per leaf over [g, m, u, 1−b1ᵗ, (p)]: [the update, or p + update; m'; u'].
  const [G, M, U, C1, P] = [input(0), input(1), input(2), input(3), input(4)];
  const m = movingAverageOf(M, G, b1);
  const u = infinityMomentOf(U, G, b2, eps);
  const update = scaled(over(over(m, C1), u), scale);
  const specs = [{ base: b1 }];
  const pass = (g: Tensor, m0: Tensor, u0: Tensor, c1: Tensor, p?: Tensor) =>
    p === undefined
      ? fusedElementwiseOutputs([update, m, u], [g, m0, u0, c1], { into: [undefined, 1, 2] })
      : fusedElementwiseOutputs([plus(P, update), m, u], [g, m0, u0, c1, p], { into: [4, 1, 2] });
  const transformation: GradientTransformation<ScaleByAdamState> = {
    init,
    update: (updates, state, _params, extra) =>
      scope(() => {
        checkState('scaleByAdamax', state);
        const donated = extra?.donate === true;
        const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
        const count = advanceCount('scaleByAdamax', state.count, specs, donated);
        const step = (g: Tensor, [m0, u0]: readonly Tensor[]) => {
          const [out, m1, u1] = pass(g, give(m0!), give(u0!), count.corrections(g)[0]!);
          return [out!, m1!, u1!] as const;
        };
        const [out, mu, nu] = mapLeaves('scaleByAdamax', updates, [state.mu, state.nu], (g, m, u) =>
          adamFamilyLeaf(g, [m, u], lazy, step),
        );
        return [out, deepFreeze({ count: count.next() as Tensor, mu, nu })] as const;
      }),
  };
  // The moments and param + update in one pass (dense gradients only).
  return withFusedApply(transformation, (grads, state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
    return scope(() => {
      checkState('scaleByAdamax', state);
      const count = advanceCount('scaleByAdamax', state.count, specs, donated);
      const [next, mu, nu] = mapLeaves(
        'scaleByAdamax',
        grads,
        [state.mu, state.nu, params],
        (g, m0, u0, p) => {
          const c1 = count.corrections(g as Tensor)[0]!;
          const [param, m1, u1] = pass(g as Tensor, give(m0!), give(u0!), c1, give(p!));
          return [param!, m1!, u1!] as const;
        },
      );
      return [next as Params, deepFreeze({ count: count.next() as Tensor, mu, nu })] as const;
    });
  });
}
