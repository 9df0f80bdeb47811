import { Tensor } from '@gradkit/tensor';
import { describeValue, formatNumber, invalidValue, wrongType } from './errors.js';

// Checks shared by the optimizer classes. Ranges fail with a ValueError worded as MindSpore's
// (PyTorch's) messages; a value of the wrong type fails with a TypeError, except the learning
// rate, which MindSpore's and PyTorch's documentation make a ValueError.

/** The learning rate: a number or a one-element Tensor, >= 0. Returns it as a number. */
export function checkLr(op: string, lr: unknown): number {
  let value: number;
  if (lr === undefined) {
    throw invalidValue(
      op,
      'lr',
      "parameter group didn't specify a value of required optimization parameter lr",
    );
  }
  if (typeof lr === 'number') {
    value = lr;
  } else if (lr instanceof Tensor) {
    if (lr.shape.reduce((a, b) => a * b, 1) !== 1) {
      throw invalidValue(
        op,
        'lr',
        `Invalid learning rate: a Tensor learning rate must hold one value, got shape [${lr.shape.join(', ')}]`,
      );
    }
    value = Number(lr.item());
  } else {
    throw invalidValue(
      op,
      'lr',
      `Invalid learning rate: must be int, float or Tensor, got ${describeValue(lr)}`,
    );
  }
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw invalidValue(op, 'lr', `Invalid learning rate: ${formatNumber(value)}`);
  }
  return value;
}

export function checkNumber(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number') throw wrongType(op, argument, 'a number', value);
  return value;
}

/** `label` is the original message's wording, e.g. 'epsilon value' -> "Invalid epsilon value: -1.0". */
export function checkNonNegative(
  op: string,
  argument: string,
  value: unknown,
  label: string,
): number {
  const n = checkNumber(op, argument, value);
  if (!(n >= 0)) throw invalidValue(op, argument, `Invalid ${label}: ${formatNumber(n)}`);
  return n;
}

/** 0 <= value <= upper, both inclusive (Adadelta's rho). */
export function checkInRange(
  op: string,
  argument: string,
  value: unknown,
  label: string,
  upper: number,
): number {
  const n = checkNumber(op, argument, value);
  if (!(n >= 0 && n <= upper))
    throw invalidValue(op, argument, `Invalid ${label}: ${formatNumber(n)}`);
  return n;
}

export function checkBoolean(op: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw wrongType(op, argument, 'a boolean', value);
  return value;
}

/** A pair of numbers such as betas, etas or stepSizes. */
export function checkPair(op: string, argument: string, value: unknown): readonly [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'number' ||
    typeof value[1] !== 'number'
  ) {
    throw wrongType(op, argument, 'a pair of numbers', value);
  }
  return value as unknown as readonly [number, number];
}

/** Both betas in [0, 1): "Invalid beta parameter at index 0: 1.0". */
export function checkBetas(op: string, value: unknown): readonly [number, number] {
  const betas = checkPair(op, 'betas', value);
  betas.forEach((beta, i) => {
    if (!(beta >= 0 && beta < 1)) {
      throw invalidValue(
        op,
        'betas',
        `Invalid beta parameter at index ${i}: ${formatNumber(beta)}`,
      );
    }
  });
  return betas;
}

/** eps >= 0: "Invalid epsilon value: -1.0". */
export function checkEps(op: string, value: unknown): number {
  return checkNonNegative(op, 'eps', value, 'epsilon value');
}

/** weightDecay >= 0: "Invalid weight_decay value: -1.0". */
export function checkWeightDecay(op: string, value: unknown): number {
  return checkNonNegative(op, 'weightDecay', value, 'weight_decay value');
}
