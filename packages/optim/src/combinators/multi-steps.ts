import { add, div, scope, sub, tree, ValueError, zerosLike } from '@gradkit/tensor';
import { isGradientLeaf, mapDense } from '../base.js';
import { checkState, checkTransform } from '../check-inputs.js';
import type { GradientTransformation, Params, ScalarOrSchedule, Updates } from '../types.js';
import { scalarOrSchedule, valueAt } from '../validate.js';
import {
  type ExtraArgs,
  type GradientTransformationExtraArgs,
  updateWithExtra,
} from './extra-args.js';
import { countNotFinite, zerosLikeUpdates } from './tree-helpers.js';

export interface MultiStepsState<S = unknown> {
  /** Mini-steps accumulated since the last real update (0 right after one). */
  readonly miniStep: number;
  /** Real (inner) updates done so far. */
  readonly gradientStep: number;
  readonly innerState: S;
  /** The running mean of the gradients of this cycle, in the parameters' structure. */
  readonly accGrads: Params;
  /** What `shouldSkipUpdate` returned last (an empty object before any). */
  readonly skipState: unknown;
}

/**
 * Decides whether `multiSteps` ignores a gradient (Optax's `should_skip_update_fn`): given the
 * gradient, the number of real updates so far and the parameters, returns whether to skip it
 * and a state to keep (for inspection).
 */
export type ShouldSkipUpdate = (
  updates: Updates,
  gradientStep: number,
  params: Params | undefined,
) => readonly [boolean, unknown];

export interface MultiStepsOptions {
  /** Average the k gradients (true, Optax's default) or sum them (false). */
  readonly useGradMean?: boolean;
  /**
   * A skipped gradient returns zero updates and leaves the accumulator, the counts and the
   * inner state as they were (only `skipState` changes); `skipNotFinite` skips NaN or
   * infinite gradients. Default: never skip.
   */
  readonly shouldSkipUpdate?: ShouldSkipUpdate;
}

/**
 * Skips gradients holding a NaN or an Infinity (Optax's `skip_not_finite`); the skip state
 * records the decision and how many entries were not finite.
 *
 * @example
 * ```ts
 * import { adam, multiSteps, skipNotFinite } from '@gradkit/optim';
 *
 * // accumulate 4 micro-batches, ignoring any whose gradient overflowed
 * const optimizer = multiSteps(adam(1e-3), 4, { shouldSkipUpdate: skipNotFinite });
 * ```
 */
export function skipNotFinite(
  updates: Updates,
  _gradientStep: number,
  _params: Params | undefined,
): readonly [boolean, { readonly shouldSkip: boolean; readonly numNotFinite: number }] {
  const numNotFinite = countNotFinite(updates);
  const shouldSkip = numNotFinite > 0;
  return [shouldSkip, Object.freeze({ shouldSkip, numNotFinite })];
}

/**
 * Gradient accumulation (Optax's `MultiSteps`): with k = everyKSchedule(gradientStep), the
 * first k − 1 calls return zero updates and only accumulate
 *
 *   acc ← acc + (g − acc)/(miniStep + 1)     (the running mean; acc + g with useGradMean false)
 *
 * and the k-th call passes `acc` to `inner`, returns its updates and resets the accumulator.
 * Dense gradients only (densify RowSparse ones first).
 *
 * @example
 * ```ts
 * import { adam, multiSteps } from '@gradkit/optim';
 *
 * // accumulate 4 micro-batches' gradients, then take one Adam step
 * const optimizer = multiSteps(adam(1e-3), 4);
 * ```
 */
export function multiSteps<S>(
  inner: GradientTransformation<S>,
  everyKSchedule: ScalarOrSchedule,
  options: MultiStepsOptions = {},
): GradientTransformationExtraArgs<MultiStepsState<S>> {
  const name = 'multiSteps';
  checkTransform(name, 'inner', inner);
  scalarOrSchedule(name, 'everyKSchedule', everyKSchedule);
  if (
    typeof everyKSchedule === 'number' &&
    (!Number.isInteger(everyKSchedule) || everyKSchedule < 1)
  ) {
    throw new ValueError(name, 'everyKSchedule', `must be an integer >= 1, got ${everyKSchedule}`);
  }
  const useGradMean = options.useGradMean ?? true;
  const shouldSkipUpdate = options.shouldSkipUpdate;
  if (shouldSkipUpdate !== undefined && typeof shouldSkipUpdate !== 'function') {
    throw new TypeError(`${name}: argument 'shouldSkipUpdate' must be a function`);
  }
  return {
    init: (params) =>
      Object.freeze({
        miniStep: 0,
        gradientStep: 0,
        innerState: inner.init(params),
        accGrads: tree.map({ isLeaf: isGradientLeaf }, zerosLike, params) as Params,
        skipState: Object.freeze({}),
      }),
    update: (updates, state, params, extra?: ExtraArgs) =>
      scope(() => {
        checkState('multiSteps', state);
        if (shouldSkipUpdate !== undefined) {
          const [skip, skipState] = shouldSkipUpdate(updates, state.gradientStep, params);
          if (typeof skip !== 'boolean') {
            throw new TypeError(`${name}: shouldSkipUpdate must return [boolean, state]`);
          }
          if (skip) {
            const skipped: MultiStepsState<S> = Object.freeze({ ...state, skipState });
            return [zerosLikeUpdates(updates), skipped] as const;
          }
          state = Object.freeze({ ...state, skipState });
        }
        const k = valueAt(everyKSchedule, state.gradientStep);
        if (!Number.isInteger(k) || k < 1) {
          throw new ValueError(
            name,
            'everyKSchedule',
            `must give an integer >= 1, got ${k} at gradient step ${state.gradientStep}`,
          );
        }
        const accLeaves = tree.leaves(state.accGrads, { isLeaf: isGradientLeaf });
        let index = 0;
        const accGrads = mapDense(name, updates, (g) => {
          const acc = accLeaves[index++] as typeof g;
          return useGradMean ? add(acc, div(sub(g, acc), state.miniStep + 1)) : add(acc, g);
        }) as Params;
        if (state.miniStep < k - 1) {
          const nextState: MultiStepsState<S> = Object.freeze({
            miniStep: state.miniStep + 1,
            gradientStep: state.gradientStep,
            innerState: state.innerState,
            accGrads,
            skipState: state.skipState,
          });
          return [zerosLikeUpdates(updates), nextState] as const;
        }
        const [next, innerState] = updateWithExtra(
          inner,
          accGrads as Updates,
          state.innerState,
          params,
          extra,
        );
        const nextState: MultiStepsState<S> = Object.freeze({
          miniStep: 0,
          gradientStep: state.gradientStep + 1,
          innerState,
          accGrads: tree.map({ isLeaf: isGradientLeaf }, zerosLike, accGrads) as Params,
          skipState: state.skipState,
        });
        return [next, nextState] as const;
      }),
  };
}

/**
 * Whether the last `multiSteps` update was a real one (Optax's `has_updated`): no mini-step
 * pending and at least one real update done, so false on a fresh state.
 *
 * @example
 * ```ts
 * import { adam, hasUpdated, multiSteps } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const optimizer = multiSteps(adam(1e-3), 2);
 * const params = { w: tensor([1]) };
 * const [, state] = optimizer.update({ w: tensor([0.1]) }, optimizer.init(params), params);
 * hasUpdated(state); // false: only 1 of 2 micro-steps so far
 * ```
 */
export function hasUpdated(state: MultiStepsState): boolean {
  return state.miniStep === 0 && state.gradientStep > 0;
}
