import { scope } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Schedule } from '../types.js';
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
  return {
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
}
