import { div, scope, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { updateMoment } from './moments.js';

export interface EmaOptions {
  /** Divide by 1 − decayᵗ; default true. */
  readonly debias?: boolean;
}

export interface EmaState {
  readonly count: number;
  readonly ema: Updates;
}

/**
 * Exponential moving average of the updates: e ← decay·e + (1−decay)·u, u = e (÷ (1−decayᵗ)).
 *
 * @example
 * ```ts
 * import { chain, ema, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(ema(0.9), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function ema(decay: number, options: EmaOptions = {}): GradientTransformation<EmaState> {
  const name = 'ema';
  const rate = decayRate(name, 'decay', decay);
  const debias = options.debias ?? true;
  return {
    init: (params: Params) => deepFreeze({ count: 0, ema: mapParams(params, (p) => zerosLike(p)) }),
    update: (updates, state) =>
      scope(() => {
        checkState('ema', state);
        const count = state.count + 1;
        const [out, next] = mapDenseLeaves(name, updates, [state.ema], (g, e0) => {
          const e = updateMoment(e0!, g, rate);
          return [debias ? div(e, 1 - rate ** count) : e, e] as const;
        });
        return [out, deepFreeze({ count, ema: next })] as const;
      }),
  };
}
