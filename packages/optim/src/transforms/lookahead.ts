import { add, mul, scope, sub, ValueError } from '@gradkit/tensor';
import { checkState, checkTransform } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { finite, integerAtLeast } from '../validate.js';
import { deepFreeze, mapDenseLeaves, requireParams } from './leaves.js';

/** Lookahead's parameters: the fast weights the inner optimizer trains and the slow ones. */
export interface LookaheadParams {
  readonly fast: Params;
  readonly slow: Params;
}

export interface LookaheadState<S> {
  readonly fastState: S;
  readonly stepsSinceSync: number;
}

export interface LookaheadOptions {
  /** Re-initialize the fast optimizer's state at each synchronization; default false. */
  readonly resetState?: boolean;
}

/**
 * Lookahead (Zhang et al. 2019), as Optax: the fast optimizer updates the fast weights every
 * step; every `syncPeriod` steps the slow weights move toward them,
 * slow ← slow + α·(fast − slow), and the fast weights are reset to the slow ones.
 * Parameters and updates are `{ fast, slow }` trees (start with fast = slow); gradients are
 * given for the fast weights only. Use `applyUpdates` as usual.
 *
 * @example
 * ```ts
 * import { applyUpdates, lookahead, sgd } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = lookahead(sgd(0.1), 5, 0.5); // sync every 5 steps, slow step 0.5
 * const state = optimizer.init(params);
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const next = applyUpdates(params, updates);
 * ```
 */
export function lookahead<S>(
  fastOptimizer: GradientTransformation<S>,
  syncPeriod: number,
  slowStepSize: number,
  options: LookaheadOptions = {},
): GradientTransformation<LookaheadState<S>> {
  const name = 'lookahead';
  checkTransform(name, 'fastOptimizer', fastOptimizer);
  integerAtLeast(name, 'syncPeriod', syncPeriod, 1);
  finite(name, 'slowStepSize', slowStepSize);
  if (slowStepSize < 0 || slowStepSize > 1) {
    throw new ValueError(name, 'slowStepSize', `must be in [0, 1], got ${slowStepSize}`);
  }
  const resetState = options.resetState ?? false;
  return {
    init: (params: Params) => {
      const { fast } = params as unknown as LookaheadParams;
      if (fast === undefined) {
        throw new TypeError(`${name}: argument 'params' must be { fast, slow }`);
      }
      return deepFreeze({ fastState: fastOptimizer.init(fast), stepsSinceSync: 0 });
    },
    update: (updates, state, params) =>
      scope(() => {
        checkState('lookahead', state);
        const { fast, slow } = requireParams(name, params) as unknown as LookaheadParams;
        const [fastUpdates, fastState] = fastOptimizer.update(updates, state.fastState, fast);
        const sync = state.stepsSinceSync === syncPeriod - 1;
        if (!sync) {
          const [zero] = mapDenseLeaves(name, fastUpdates, [], (u) => [mul(u, 0)] as const);
          return [
            { fast: fastUpdates, slow: zero } as Updates,
            deepFreeze({ fastState, stepsSinceSync: state.stepsSinceSync + 1 }),
          ] as const;
        }
        // slow' = slow + α·(fast + u − slow); the fast update lands the fast weights on slow'.
        const [slowUpdates, fastToSlow] = mapDenseLeaves(
          name,
          fastUpdates,
          [fast, slow],
          (u, f, s) => {
            const slowStep = mul(sub(add(f!, u), s!), slowStepSize);
            return [slowStep, sub(add(s!, slowStep), f!)] as const;
          },
        );
        const nextFastState = resetState ? fastOptimizer.init(fast) : fastState;
        return [
          { fast: fastToSlow, slow: slowUpdates } as Updates,
          deepFreeze({ fastState: nextFastState, stepsSinceSync: 0 }),
        ] as const;
      }),
  };
}
