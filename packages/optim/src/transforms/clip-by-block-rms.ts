import { div, maximum, mean, mul, scope, sqrt } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapDenseLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * Clips each leaf to a root mean square: u ← u / max(1, rms(u)/threshold).
 *
 * @example
 * ```ts
 * import { chain, clipByBlockRms, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(clipByBlockRms(1), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function clipByBlockRms(threshold: number): GradientTransformation<EmptyState> {
  const name = 'clipByBlockRms';
  nonNegative(name, 'threshold', threshold);
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapDenseLeaves(name, updates, [], (u) => {
          const rms = sqrt(mean(mul(u, u)));
          return [div(u, maximum(div(rms, threshold), 1))] as const;
        });
        return [out, EMPTY] as const;
      }),
  };
}
