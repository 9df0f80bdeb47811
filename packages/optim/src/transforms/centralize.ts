import { mean, scope, sub } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { mapDenseLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * Gradient centralization (Yong et al. 2020): for leaves of rank ≥ 2,
 * u ← u − mean of u over all axes but the first; vectors and scalars pass unchanged.
 *
 * @example
 * ```ts
 * import { centralize, chain, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(centralize(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function centralize(): GradientTransformation<EmptyState> {
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapDenseLeaves('centralize', updates, [], (u) => {
          if (u.rank < 2) return [u] as const;
          const axes = Array.from({ length: u.rank - 1 }, (_, i) => i + 1);
          return [sub(u, mean(u, axes, true))] as const;
        });
        return [out, EMPTY] as const;
      }),
  };
}
