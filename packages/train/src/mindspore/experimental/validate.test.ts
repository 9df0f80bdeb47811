// The option checks the optimizer classes share: each accepts its whole documented range, edges
// included, returns the value as a number (or pair), and refuses the rest with an error naming
// the op and the argument and saying what was expected.
import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  checkBetas,
  checkBoolean,
  checkEps,
  checkInRange,
  checkLr,
  checkNonNegative,
  checkNumber,
  checkPair,
  checkWeightDecay,
} from './validate.js';

/** The error `run` throws. */
function thrown(run: () => unknown): Error & { argument?: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('checkLr', () => {
  it('takes a number >= 0 or a one-element tensor, and returns a number', () => {
    expect(checkLr('Adam', 0)).toBe(0);
    expect(checkLr('Adam', 0.01)).toBe(0.01);
    expect(checkLr('Adam', tensor([0.25]))).toBe(0.25);
    expect(checkLr('Adam', tensor([[0.5]]))).toBe(0.5);
    expect(checkLr('Adam', tensor(0.125))).toBe(0.125);
  });

  it('refuses a negative, NaN or infinite rate with a ValueError naming lr', () => {
    for (const [value, shown] of [
      [-1, '-1.0'],
      [-0.5, '-0.5'],
    ] as const) {
      const error = thrown(() => checkLr('SGD', value));
      expect(error).toBeInstanceOf(ValueError);
      expect(error.argument).toBe('lr');
      expect(error.message).toBe(`SGD: Invalid learning rate: ${shown}`);
    }
    expect(thrown(() => checkLr('SGD', Number.NaN))).toBeInstanceOf(ValueError);
    expect(thrown(() => checkLr('SGD', Number.POSITIVE_INFINITY))).toBeInstanceOf(ValueError);
    expect(thrown(() => checkLr('SGD', tensor([-2]))).message).toBe(
      'SGD: Invalid learning rate: -2.0',
    );
  });

  it('refuses a missing rate, a tensor of many values and other types', () => {
    expect(thrown(() => checkLr('SGD', undefined)).message).toBe(
      "SGD: parameter group didn't specify a value of required optimization parameter lr",
    );
    expect(thrown(() => checkLr('SGD', tensor([0.1, 0.2]))).message).toBe(
      'SGD: Invalid learning rate: a Tensor learning rate must hold one value, got shape [2]',
    );
    const wrong = thrown(() => checkLr('SGD', '0.1'));
    expect(wrong).toBeInstanceOf(ValueError);
    expect(wrong.argument).toBe('lr');
    expect(wrong.message).toBe(
      'SGD: Invalid learning rate: must be int, float or Tensor, got "0.1"',
    );
    expect(thrown(() => checkLr('SGD', null)).message).toMatch(/got null$/);
  });
});

describe('checkNumber and checkBoolean', () => {
  it('return a value of the right type', () => {
    expect(checkNumber('RMSprop', 'alpha', 0.99)).toBe(0.99);
    expect(checkBoolean('RMSprop', 'centered', false)).toBe(false);
  });

  it('refuse another type with a TypeError naming op, argument and both types', () => {
    const number = thrown(() => checkNumber('RMSprop', 'alpha', '0.99'));
    expect(number).toBeInstanceOf(TypeError);
    expect(number.message).toBe(`RMSprop: argument 'alpha' must be a number, got "0.99"`);
    const boolean = thrown(() => checkBoolean('RMSprop', 'centered', 1));
    expect(boolean).toBeInstanceOf(TypeError);
    expect(boolean.message).toBe("RMSprop: argument 'centered' must be a boolean, got 1");
  });
});

describe('checkNonNegative, checkEps and checkWeightDecay', () => {
  it('take 0 and more', () => {
    expect(checkNonNegative('ASGD', 'lambd', 0, 'lambd value')).toBe(0);
    expect(checkEps('Adam', 1e-8)).toBe(1e-8);
    expect(checkEps('Adam', 0)).toBe(0);
    expect(checkWeightDecay('Adam', 0.01)).toBe(0.01);
  });

  it('refuse a negative or NaN value in the label the message uses', () => {
    const eps = thrown(() => checkEps('Adam', -1));
    expect(eps).toBeInstanceOf(ValueError);
    expect(eps.argument).toBe('eps');
    expect(eps.message).toBe('Adam: Invalid epsilon value: -1.0');
    const decay = thrown(() => checkWeightDecay('Adam', -0.5));
    expect(decay.argument).toBe('weightDecay');
    expect(decay.message).toBe('Adam: Invalid weight_decay value: -0.5');
    expect(
      thrown(() => checkNonNegative('ASGD', 'lambd', Number.NaN, 'lambd value')),
    ).toBeInstanceOf(ValueError);
    expect(thrown(() => checkEps('Adam', '1e-8'))).toBeInstanceOf(TypeError);
  });
});

describe('checkInRange', () => {
  it('takes both ends of [0, upper]', () => {
    expect(checkInRange('Adadelta', 'rho', 0, 'rho value', 1)).toBe(0);
    expect(checkInRange('Adadelta', 'rho', 1, 'rho value', 1)).toBe(1);
    expect(checkInRange('Adadelta', 'rho', 0.9, 'rho value', 1)).toBe(0.9);
  });

  it('refuses below 0, above upper and NaN', () => {
    for (const [value, shown] of [
      [-0.1, '-0.1'],
      [1.5, '1.5'],
      [2, '2.0'],
    ] as const) {
      const error = thrown(() => checkInRange('Adadelta', 'rho', value, 'rho value', 1));
      expect(error).toBeInstanceOf(ValueError);
      expect(error.argument).toBe('rho');
      expect(error.message).toBe(`Adadelta: Invalid rho value: ${shown}`);
    }
    expect(
      thrown(() => checkInRange('Adadelta', 'rho', Number.NaN, 'rho value', 1)),
    ).toBeInstanceOf(ValueError);
  });
});

describe('checkPair and checkBetas', () => {
  it('return the pair itself', () => {
    const pair = [0.5, 1.2] as const;
    expect(checkPair('Rprop', 'etas', pair)).toBe(pair);
    expect(checkBetas('Adam', [0, 0.999])).toEqual([0, 0.999]);
  });

  it('refuse what is not two numbers with a TypeError', () => {
    for (const value of [[0.9], [0.9, 0.99, 0.999], [0.9, '0.99'], '0.9,0.99', undefined]) {
      const error = thrown(() => checkPair('Rprop', 'etas', value));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/^Rprop: argument 'etas' must be a pair of numbers, got /);
    }
    expect(thrown(() => checkBetas('Adam', [0.9]))).toBeInstanceOf(TypeError);
  });

  it('refuse a beta outside [0, 1), naming its index', () => {
    expect(thrown(() => checkBetas('Adam', [1, 0.999])).message).toBe(
      'Adam: Invalid beta parameter at index 0: 1.0',
    );
    const second = thrown(() => checkBetas('Adam', [0.9, -0.1]));
    expect(second).toBeInstanceOf(ValueError);
    expect(second.argument).toBe('betas');
    expect(second.message).toBe('Adam: Invalid beta parameter at index 1: -0.1');
    expect(thrown(() => checkBetas('Adam', [0.9, Number.NaN]))).toBeInstanceOf(ValueError);
  });
});
