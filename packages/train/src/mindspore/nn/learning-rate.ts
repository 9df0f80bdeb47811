import { scope, Tensor, ValueError } from '@gradkit/tensor';
import { describe } from '../../parameter/parameter.js';
import { ArgumentTypeError } from './errors.js';
import { LearningRateSchedule } from './schedules/learning-rate-schedule.js';

/**
 * A learning rate in any form MindSpore's nn optimizers take: a number (fixed, >= 0), a scalar
 * tensor (fixed), a 1-D tensor or an iterable of numbers (dynamic: step i uses element i, and
 * past the end the last one), or a `LearningRateSchedule` (called with the global step, from
 * 0). A plain function of the step, such as an @gradkit/optim schedule, is accepted too.
 */
export type LearningRate =
  | number
  | Tensor
  | Iterable<number>
  | LearningRateSchedule
  | ((step: number) => number | Tensor);

/** A learning rate read as a function of the global step. */
export interface ResolvedLearningRate {
  /** Whether it changes with the step (a list, a 1-D tensor or a schedule). */
  readonly dynamic: boolean;
  /** The rate the step `step` (from 0) uses. */
  at(step: number): number;
}

function nonNegative(op: string, argument: string, value: number): number {
  if (!(value >= 0)) throw new ValueError(op, argument, `must be >= 0, got ${value}`);
  return value;
}

function fromList(op: string, argument: string, values: readonly unknown[]): ResolvedLearningRate {
  if (values.length === 0) throw new ValueError(op, argument, 'must not be empty');
  const list = values.map((v, i) => {
    if (typeof v !== 'number') {
      throw new ArgumentTypeError(op, `${argument}[${i}]`, `must be a number, got ${describe(v)}`);
    }
    return nonNegative(op, `${argument}[${i}]`, v);
  });
  const last = list.length - 1;
  return { dynamic: true, at: (step) => list[Math.min(step, last)]! };
}

/**
 * Reads a learning rate argument, checking it (ArgumentTypeError for a wrong type,
 * ValueError for a negative value, an empty list or a tensor of rank > 1). Makes no tensors.
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * const lr = nn.resolveLearningRate('nn.SGD', 'learningRate', [0.1, 0.05, 0.01]);
 * lr.dynamic; // true
 * lr.at(1); // 0.05 (and 0.01 from step 2 on)
 * ```
 */
export function resolveLearningRate(
  op: string,
  argument: string,
  value: unknown,
): ResolvedLearningRate {
  if (typeof value === 'number') {
    const fixed = nonNegative(op, argument, value);
    return { dynamic: false, at: () => fixed };
  }
  if (value instanceof Tensor) {
    value.assertLive(op, argument);
    if (value.rank === 0) {
      const fixed = nonNegative(op, argument, value.item() as number);
      return { dynamic: false, at: () => fixed };
    }
    if (value.rank !== 1) {
      throw new ValueError(
        op,
        argument,
        `must be a scalar or a 1-D tensor, got rank ${value.rank}`,
      );
    }
    return fromList(op, argument, Array.from(value.dataSync()));
  }
  if (typeof value === 'function') {
    const schedule = value as (step: number) => number | Tensor;
    const label = value instanceof LearningRateSchedule ? 'LearningRateSchedule' : 'schedule';
    return {
      dynamic: true,
      at: (step) =>
        scope(() => {
          const out = schedule(step);
          const rate = out instanceof Tensor ? (out.item() as number) : out;
          // Checked where it is used: a NaN rate would train on silently, a negative one ascend.
          if (typeof rate !== 'number' || !(rate >= 0) || rate === Number.POSITIVE_INFINITY) {
            throw new ValueError(
              op,
              argument,
              `${label} returned ${String(rate)} at step ${step}; expected a finite number >= 0`,
            );
          }
          return rate;
        }),
    };
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    return fromList(op, argument, [...(value as Iterable<unknown>)]);
  }
  throw new ArgumentTypeError(
    op,
    argument,
    `must be a number, a Tensor, an iterable of numbers or a LearningRateSchedule, got ${describe(value)}`,
  );
}
