import { add, mul, scope, sign, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { updateMoment } from './moments.js';

export interface ScaleByLionOptions {
  /** Interpolation between momentum and gradient for the update; default 0.9. */
  readonly b1?: number;
  /** Decay of the momentum; default 0.99. */
  readonly b2?: number;
}

export interface ScaleByLionState {
  readonly count: number;
  readonly mu: Updates;
}

/**
 * Lion (Chen et al. 2023): u = sign(b1·m + (1−b1)·g), then m ← b2·m + (1−b2)·g.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByLion } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByLion(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByLion(
  options: ScaleByLionOptions = {},
): GradientTransformation<ScaleByLionState> {
  const name = 'scaleByLion';
  const b1 = decayRate(name, 'b1', options.b1 ?? 0.9);
  const b2 = decayRate(name, 'b2', options.b2 ?? 0.99);
  return {
    init: (params: Params) => deepFreeze({ count: 0, mu: mapParams(params, (p) => zerosLike(p)) }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByLion', state);
        const [out, mu] = mapDenseLeaves(name, updates, [state.mu], (g, m0) => {
          const u = sign(add(mul(g, 1 - b1), mul(m0!, b1)));
          return [u, updateMoment(m0!, g, b2)] as const;
        });
        return [out, deepFreeze({ count: state.count + 1, mu })] as const;
      }),
  };
}
