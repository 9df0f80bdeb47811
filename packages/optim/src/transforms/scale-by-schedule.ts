import { scope, type Tensor } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Schedule } from '../types.js';
import { input, times } from './expression.js';
import { addToParam, denseLikeParams, withFusedApply } from './fused-apply.js';
import { mapLeaves } from './leaves.js';
import { scaleLeaf } from './scale-leaf.js';

export interface ScaleByScheduleState {
  readonly count: number;
}

/**
 * Multiplies updates by a step size that depends on the step count:
 * u ← stepSizeFn(count) · u, with count = 0 at the first update.
 *
 * @example
 * ```ts
 * import { chain, scaleByAdam, scaleBySchedule } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdam(), scaleBySchedule((count) => -0.01 / (1 + count))); // a decaying descent
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleBySchedule(
  stepSizeFn: Schedule,
): GradientTransformation<ScaleByScheduleState> {
  if (typeof stepSizeFn !== 'function') {
    throw new TypeError(`scaleBySchedule: argument 'stepSizeFn' must be a function of the count`);
  }
  const transformation: GradientTransformation<ScaleByScheduleState> = {
    init: () => Object.freeze({ count: 0 }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleBySchedule', state);
        const stepSize = stepSizeFn(state.count);
        const [scaled] = mapLeaves(
          'scaleBySchedule',
          updates,
          [],
          (u) => [scaleLeaf(u, stepSize)] as const,
        );
        return [scaled, Object.freeze({ count: state.count + 1 })] as const;
      }),
  };
  // param + u·stepSize in one pass when it ends a step.
  return withFusedApply(transformation, (grads, state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    return scope(() => {
      checkState('scaleBySchedule', state);
      const stepSize = stepSizeFn(state.count);
      const [next] = mapLeaves('scaleBySchedule', grads, [params], (u, p) => [
        addToParam(p!, times(input(0), stepSize), [u as Tensor], donated),
      ]);
      return [next as Params, Object.freeze({ count: state.count + 1 })] as const;
    });
  });
}
