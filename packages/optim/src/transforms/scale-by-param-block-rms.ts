import { maximum, mean, mul, scope, sqrt } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapDenseLeaves, requireParams } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * u ← u · max(rms(w), minScale) per leaf (Adafactor's parameter scaling). Needs the parameters.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByParamBlockRms } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByParamBlockRms(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByParamBlockRms(
  options: { readonly minScale?: number } = {},
): GradientTransformation<EmptyState> {
  const name = 'scaleByParamBlockRms';
  const minScale = nonNegative(name, 'minScale', options.minScale ?? 1e-3);
  return {
    init: () => EMPTY,
    update: (updates, _state, params) =>
      scope(() => {
        const weights = requireParams(name, params);
        const [out] = mapDenseLeaves(name, updates, [weights], (u, w) => [
          mul(u, maximum(sqrt(mean(mul(w!, w!))), minScale)),
        ]);
        return [out, EMPTY] as const;
      }),
  };
}
