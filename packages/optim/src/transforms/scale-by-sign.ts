import { scope, sign } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { mapDenseLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * u ← sign(u) (signSGD, Bernstein et al. 2018).
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleBySign } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleBySign(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleBySign(): GradientTransformation<EmptyState> {
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapDenseLeaves('scaleBySign', updates, [], (u) => [sign(u)] as const);
        return [out, EMPTY] as const;
      }),
  };
}
