import { ValueError } from '@gradkit/tensor';
import {
  checkBoolean,
  checkInteger,
  checkNonNegative,
  checkNumber,
  checkPositive,
} from '../validate.js';

// MindSpore's `mindspore.nn.dynamic_lr` list helpers: each gives one rate per step for
// `totalStep` steps, counting epochs as floor(step / stepPerEpoch). Pass the list as an nn
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

function decayList(
  op: string,
  learningRate: number,
  decayRate: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
  options: StairOptions,
  rate: (p: number) => number,
): number[] {
  checkPositive(op, 'learningRate', learningRate);
  checkNumber(op, 'decayRate', decayRate);
  checkInteger(op, 'decayEpoch', decayEpoch, 1);
  const isStair = checkBoolean(op, 'isStair', options.isStair ?? false);
  return epochs(op, totalStep, stepPerEpoch).map((epoch) =>
    rate(isStair ? Math.floor(epoch / decayEpoch) : epoch / decayEpoch),
  );
}

/** learningRate · decayRate^(epoch/decayEpoch) per step (MindSpore's `exponential_decay_lr`). */
export function exponentialDecayLr(
  learningRate: number,
  decayRate: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
  options: StairOptions = {},
): number[] {
  return decayList(
    'exponentialDecayLr',
    learningRate,
    decayRate,
    totalStep,
    stepPerEpoch,
    decayEpoch,
    options,
    (p) => learningRate * decayRate ** p,
  );
}

/**
 * learningRate · e^(−decayRate·p) per step with p = epoch, or with `isStair`
 * p = ⌊epoch/decayEpoch⌋·decayEpoch (MindSpore's `natural_exp_decay_lr`, which, unlike the
 * other helpers, does not divide by decayEpoch).
 */
export function naturalExpDecayLr(
  learningRate: number,
  decayRate: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
  options: StairOptions = {},
): number[] {
  const op = 'naturalExpDecayLr';
  checkPositive(op, 'learningRate', learningRate);
  checkNumber(op, 'decayRate', decayRate);
  checkInteger(op, 'decayEpoch', decayEpoch, 1);
  const isStair = checkBoolean(op, 'isStair', options.isStair ?? false);
  return epochs(op, totalStep, stepPerEpoch).map((epoch) => {
    const p = isStair ? Math.floor(epoch / decayEpoch) * decayEpoch : epoch;
    return learningRate * Math.E ** (-decayRate * p);
  });
}

/** learningRate / (1 + decayRate·epoch/decayEpoch) per step (MindSpore's `inverse_decay_lr`). */
export function inverseDecayLr(
  learningRate: number,
  decayRate: number,
  totalStep: number,
  stepPerEpoch: number,
  decayEpoch: number,
  options: StairOptions = {},
): number[] {
  return decayList(
    'inverseDecayLr',
    learningRate,
    decayRate,
    totalStep,
    stepPerEpoch,
    decayEpoch,
    options,
    (p) => learningRate / (1 + decayRate * p),
  );
}

/**
 * minLr + ½(maxLr − minLr)(1 + cos(π·min(epoch, decayEpoch)/decayEpoch)) per step (MindSpore's
 * `cosine_decay_lr`).
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
  const delta = 0.5 * (maxLr - minLr);
  return epochs(op, totalStep, stepPerEpoch).map(
    (epoch) => minLr + delta * (1 + Math.cos((Math.PI * Math.min(epoch, decayEpoch)) / decayEpoch)),
  );
}

/** Options of polynomialDecayLr. */
export interface PolynomialDecayLrOptions {
  /** Stretch decayEpoch to the next multiple past the epoch (MindSpore's `update_decay_epoch`). */
  readonly updateDecayEpoch?: boolean;
}

/**
 * (learningRate − endLearningRate)·(1 − epoch/decayEpoch)^power + endLearningRate per step,
 * the epoch capped at decayEpoch, or with `updateDecayEpoch` decayEpoch grown to
 * decayEpoch·max(⌈epoch/decayEpoch⌉, 1) (MindSpore's `polynomial_decay_lr`).
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
  const delta = learningRate - endLearningRate;
  let decay = decayEpoch;
  return epochs(op, totalStep, stepPerEpoch).map((epoch) => {
    let tmp = epoch;
    // MindSpore keeps the grown decay_epoch for the following steps.
    if (update) decay = decay * Math.max(Math.ceil(epoch / decay), 1);
    else tmp = Math.min(epoch, decay);
    return delta * (1 - tmp / decay) ** power + endLearningRate;
  });
}

/** learningRate · min(epoch, warmupEpoch)/warmupEpoch per step (MindSpore's `warmup_lr`). */
export function warmupLr(
  learningRate: number,
  totalStep: number,
  stepPerEpoch: number,
  warmupEpoch: number,
): number[] {
  const op = 'warmupLr';
  checkPositive(op, 'learningRate', learningRate);
  checkInteger(op, 'warmupEpoch', warmupEpoch, 1);
  return epochs(op, totalStep, stepPerEpoch).map(
    (epoch) => (learningRate * Math.min(epoch, warmupEpoch)) / warmupEpoch,
  );
}

/**
 * learningRates[i] for the steps before milestone[i] (from the previous milestone), for
 * milestone.at(-1) steps in all (MindSpore's `piecewise_constant_lr`).
 *
 * @example
 * piecewiseConstantLr([2, 5, 10], [0.1, 0.05, 0.01]); // [0.1, 0.1, 0.05, 0.05, 0.05, 0.01 ×5]
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
