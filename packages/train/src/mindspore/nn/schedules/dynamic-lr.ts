import {
  cosineDecaySchedule,
  inverseTimeDecaySchedule,
  linearSchedule,
  naturalExpDecaySchedule,
  polynomialSchedule,
} from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import {
  checkBoolean,
  checkInteger,
  checkNonNegative,
  checkNumber,
  checkPositive,
} from '../validate.js';

// MindSpore's `mindspore.nn.dynamic_lr` list helpers: each gives one rate per step for
// `totalStep` steps, counting epochs as floor(step / stepPerEpoch), from @gradkit/optim's
// schedule functions of the epoch. Pass the list as an nn
// optimizer's learningRate (step i uses element i).

/** Options of the helpers with MindSpore's `is_stair`. */
export interface StairOptions {
  readonly isStair?: boolean;
}

function epochs(op: string, totalStep: number, stepPerEpoch: number): number[] {
  checkInteger(op, 'totalStep', totalStep, 1);
  checkInteger(op, 'stepPerEpoch', stepPerEpoch, 1);
  return Array.from({ length: totalStep }, (_, i) => Math.floor(i / stepPerEpoch));
}

/** The arguments of the helpers with MindSpore's `decay_rate` and `is_stair`. */
type DecayLrArguments = [
  learningRate: number,
  decayRate: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
  options?: StairOptions,
];

/**
 * One decay helper's list: the shared checks, in MindSpore's argument order, then
 * `rateOf(…)(epoch)` for each step's epoch.
 */
function decayLr(
  op: string,
  [learningRate, decayRate, totalStep, stepPerEpoch, decayEpoch, options = {}]: DecayLrArguments,
  rateOf: (
    learningRate: number,
    decayRate: number,
    decayEpoch: number,
    isStair: boolean,
  ) => (epoch: number) => number,
): number[] {
  checkPositive(op, 'learningRate', learningRate);
  checkNumber(op, 'decayRate', decayRate);
  checkInteger(op, 'decayEpoch', decayEpoch, 1);
  const isStair = checkBoolean(op, 'isStair', options.isStair ?? false);
  return epochs(op, totalStep, stepPerEpoch).map(
    rateOf(learningRate, decayRate, decayEpoch, isStair),
  );
}

/**
 * learningRate · decayRate^(epoch/decayEpoch) per step (MindSpore's `exponential_decay_lr`).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * nn.exponentialDecayLr(0.1, 0.9, 6, 2, 1); // [0.1, 0.1, 0.09, 0.09, 0.081, 0.081]
 * ```
 */
export function exponentialDecayLr(...args: DecayLrArguments): number[] {
  return decayLr(
    'exponentialDecayLr',
    args,
    (learningRate, decayRate, decayEpoch, isStair) => (epoch) =>
      learningRate * decayRate ** (isStair ? Math.floor(epoch / decayEpoch) : epoch / decayEpoch),
  );
}

/**
 * learningRate · e^(−decayRate·p) per step with p = epoch, or with `isStair`
 * p = ⌊epoch/decayEpoch⌋·decayEpoch (MindSpore's `natural_exp_decay_lr`, which, unlike the
 * other helpers, does not divide by decayEpoch).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * nn.naturalExpDecayLr(0.1, 0.9, 6, 2, 2, { isStair: true }); // [0.1 ×4, 0.1·e^-1.8 ×2]
 * ```
 */
export function naturalExpDecayLr(...args: DecayLrArguments): number[] {
  return decayLr('naturalExpDecayLr', args, (learningRate, decayRate, decayEpoch, isStair) => {
    // MindSpore's list decays per epoch, not per decayEpoch; isStair holds each decayEpoch.
    const schedule = naturalExpDecaySchedule(learningRate, 1, decayRate);
    return (epoch) => schedule(isStair ? Math.floor(epoch / decayEpoch) * decayEpoch : epoch);
  });
}

/**
 * learningRate / (1 + decayRate·epoch/decayEpoch) per step (MindSpore's `inverse_decay_lr`).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * nn.inverseDecayLr(0.1, 0.5, 4, 1, 1); // [0.1, 0.1/1.5, 0.1/2, 0.1/2.5]
 * ```
 */
export function inverseDecayLr(...args: DecayLrArguments): number[] {
  return decayLr('inverseDecayLr', args, (learningRate, decayRate, decayEpoch, staircase) =>
    inverseTimeDecaySchedule(learningRate, decayEpoch, decayRate, { staircase }),
  );
}

/**
 * minLr + ½(maxLr − minLr)(1 + cos(π·min(epoch, decayEpoch)/decayEpoch)) per step (MindSpore's
 * `cosine_decay_lr`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * const lr = nn.cosineDecayLr(0.01, 0.1, 6, 2, 2); // [0.1, 0.1, 0.055, 0.055, 0.01, 0.01]
 * const params = [new Parameter(tensor([1, 2]), 'w')];
 * new nn.Momentum(params, { learningRate: lr, momentum: 0.9 });
 * ```
 */
export function cosineDecayLr(
  minLr: number,
  maxLr: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
): number[] {
  const op = 'cosineDecayLr';
  checkNonNegative(op, 'minLr', minLr);
  checkPositive(op, 'maxLr', maxLr);
  if (minLr >= maxLr) throw new ValueError(op, 'maxLr', `must be > minLr (${minLr}), got ${maxLr}`);
  checkInteger(op, 'decayEpoch', decayEpoch, 1);
  const schedule = cosineDecaySchedule(maxLr, decayEpoch, { alpha: minLr / maxLr });
  return epochs(op, totalStep, stepPerEpoch).map(schedule);
}

/** Options of polynomialDecayLr. */
export interface PolynomialDecayLrOptions {
  /** Restart the decay every decayEpoch epochs (MindSpore's `update_decay_epoch`); default false. */
  readonly updateDecayEpoch?: boolean;
}

/**
 * (learningRate − endLearningRate)·(1 − t/span)^power + endLearningRate per step (MindSpore's
 * `polynomial_decay_lr`): t = min(epoch, decayEpoch) and span = decayEpoch, or with
 * `updateDecayEpoch` t = epoch and span = decayEpoch·max(⌈epoch/decayEpoch⌉, 1), a decay that
 * restarts every decayEpoch epochs (the span always grows from the original decayEpoch).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * nn.polynomialDecayLr(0.1, 0.01, 6, 2, 2, 0.5); // [0.1, 0.1, 0.0736…, 0.0736…, 0.01, 0.01]
 * ```
 */
export function polynomialDecayLr(
  learningRate: number,
  endLearningRate: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
  power: number,
  options: PolynomialDecayLrOptions = {},
): number[] {
  const op = 'polynomialDecayLr';
  checkPositive(op, 'learningRate', learningRate);
  checkNonNegative(op, 'endLearningRate', endLearningRate);
  checkInteger(op, 'decayEpoch', decayEpoch, 1);
  checkPositive(op, 'power', power);
  const update = checkBoolean(op, 'updateDecayEpoch', options.updateDecayEpoch ?? false);
  const schedule = polynomialSchedule(learningRate, endLearningRate, power, decayEpoch, {
    cycle: update,
  });
  return epochs(op, totalStep, stepPerEpoch).map(schedule);
}

/**
 * learningRate · min(epoch, warmupEpoch)/warmupEpoch per step (MindSpore's `warmup_lr`).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * nn.warmupLr(0.1, 6, 2, 2); // [0, 0, 0.05, 0.05, 0.1, 0.1]
 * ```
 */
export function warmupLr(
  learningRate: number,
  totalStep: number,
  stepPerEpoch: number,
  warmupEpoch: number,
): number[] {
  const op = 'warmupLr';
  checkPositive(op, 'learningRate', learningRate);
  checkInteger(op, 'warmupEpoch', warmupEpoch, 1);
  return epochs(op, totalStep, stepPerEpoch).map(linearSchedule(0, learningRate, warmupEpoch));
}

/**
 * learningRates[i] for the steps before milestone[i] (from the previous milestone), for
 * milestone.at(-1) steps in all (MindSpore's `piecewise_constant_lr`).
 *
 * @example
 * ```ts
 * import { nn } from '@gradkit/train';
 *
 * nn.piecewiseConstantLr([2, 5, 10], [0.1, 0.05, 0.01]); // [0.1, 0.1, 0.05, 0.05, 0.05, 0.01 ×5]
 * ```
 */
export function piecewiseConstantLr(
  milestone: readonly number[],
  learningRates: readonly number[],
): number[] {
  const op = 'piecewiseConstantLr';
  if (!Array.isArray(milestone) || milestone.length === 0) {
    throw new ValueError(op, 'milestone', 'must be a non-empty list of increasing integers');
  }
  if (!Array.isArray(learningRates) || learningRates.length !== milestone.length) {
    throw new ValueError(
      op,
      'learningRates',
      `must have the length of milestone (${milestone.length})`,
    );
  }
  const out: number[] = [];
  let previous = 0;
  milestone.forEach((m, i) => {
    checkInteger(op, `milestone[${i}]`, m, previous + 1);
    const rate = checkNumber(op, `learningRates[${i}]`, learningRates[i]);
    for (let s = previous; s < m; s++) out.push(rate);
    previous = m;
  });
  return out;
}
