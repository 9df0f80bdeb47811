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
import { zerosLikeUpdates } from './tree-helpers.js';

export interface MultiStepsState<S = unknown> {
  /** Mini-steps accumulated since the last real update (0 right after one). */
  readonly miniStep: number;
  /** Real (inner) updates done so far. */
  readonly gradientStep: number;
  readonly innerState: S;
  /** The running mean of the gradients of this cycle, in the parameters' structure. */
  readonly accGrads: Params;
}

export interface MultiStepsOptions {
  /** Average the k gradients (true, Optax's default) or sum them (false). */
  readonly useGradMean?: boolean;
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
  return {
    init: (params) =>
      Object.freeze({
        miniStep: 0,
        gradientStep: 0,
        innerState: inner.init(params),
        accGrads: tree.map({ isLeaf: isGradientLeaf }, zerosLike, params) as Params,
      }),
    update: (updates, state, params, extra?: ExtraArgs) =>
      scope(() => {
        checkState('multiSteps', state);
        const k = valueAt(everyKSchedule, state.gradientStep);
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
        });
        return [next, nextState] as const;
      }),
  };
}

/**
 * Whether the last `multiSteps` update was a real one (Optax's `has_updated`).
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
  return state.miniStep === 0;
}
