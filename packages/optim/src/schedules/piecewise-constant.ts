import type { Schedule } from '../types.js';
import { finite } from '../validate.js';
import { boundariesAndScalesOf } from './options.js';

/**
 * `initValue` times the product of every scale whose boundary has been reached (Optax's
 * `piecewise_constant_schedule`):
 *
 *   value(t) = I · ∏ { scale_b : t >= b }
 *
 * `piecewiseConstantSchedule(lr, { 30: 0.1, 80: 0.1 })` is PyTorch's
 * `MultiStepLR(milestones = [30, 80], gamma = 0.1)`.
 *
 * @example
 * ```ts
 * import { piecewiseConstantSchedule } from '@gradkit/optim';
 *
 * const schedule = piecewiseConstantSchedule(0.1, { 100: 0.5, 200: 0.1 });
 * schedule(150); // 0.05
 * schedule(250); // 0.005
 * ```
 */
export function piecewiseConstantSchedule(
  initValue: number,
  boundariesAndScales?: Readonly<Record<number, number>>,
): Schedule {
  const name = 'piecewiseConstantSchedule';
  finite(name, 'initValue', initValue);
  const pairs = boundariesAndScalesOf(name, boundariesAndScales);
  return (count) => {
    let value = initValue;
    for (const [boundary, scale] of pairs) if (count >= boundary) value *= scale;
    return value;
  };
}
