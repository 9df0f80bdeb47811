// The error makers of the optimizer classes: a ValueError worded exactly as the original
// message after the class name while still naming the argument, a TypeError naming the op, the
// argument, what was expected and what came, and Python's way of printing a float.
import { TensorError, tensor, ValueError, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { describeValue, formatNumber, invalidValue, wrongType } from './errors.js';

describe('invalidValue', () => {
  it("is a ValueError worded 'op: message' that still names its argument", () => {
    const error = invalidValue('Adam', 'lr', 'Invalid learning rate: -1.0');
    expect(error).toBeInstanceOf(ValueError);
    expect(error).toBeInstanceOf(TensorError);
    expect(error.message).toBe('Adam: Invalid learning rate: -1.0');
    expect(error.op).toBe('Adam');
    expect(error.argument).toBe('lr');
    expect(error.name).toBe('ValueError');
  });

  it('does not put the argument into the message', () => {
    // A plain ValueError with an argument would read "Adam: argument 'eps' ...".
    expect(invalidValue('Adam', 'eps', 'Invalid epsilon value: -1.0').message).not.toMatch(
      /argument/,
    );
  });
});

describe('wrongType', () => {
  it('is a TypeError naming the op, the argument, what was expected and what came', () => {
    const error = wrongType('SGD', 'nesterov', 'a boolean', 'yes');
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`SGD: argument 'nesterov' must be a boolean, got "yes"`);
    expect(wrongType('Adam', 'betas', 'a pair of numbers', [0.9]).message).toBe(
      "Adam: argument 'betas' must be a pair of numbers, got an array",
    );
  });
});

describe('describeValue', () => {
  it('prints numbers, booleans and strings as values', () => {
    expect(describeValue(0.5)).toBe('0.5');
    expect(describeValue(-3)).toBe('-3');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(true)).toBe('true');
    expect(describeValue('0.1')).toBe('"0.1"');
    expect(describeValue('a "b"')).toBe('"a \\"b\\""');
  });

  it('prints a tensor by its shape', () => {
    expect(describeValue(tensor([1, 2]))).toBe('a Tensor of shape [2]');
    expect(describeValue(zeros([2, 3]))).toBe('a Tensor of shape [2, 3]');
    expect(describeValue(tensor(1))).toBe('a Tensor of shape []');
  });

  it('prints anything else by its kind', () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('an array');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue(() => 1)).toBe('a function');
  });
});

describe('formatNumber', () => {
  it('prints an integer as Python prints a float, with one decimal', () => {
    expect(formatNumber(1)).toBe('1.0');
    expect(formatNumber(-1)).toBe('-1.0');
    expect(formatNumber(0)).toBe('0.0');
    expect(formatNumber(100)).toBe('100.0');
  });

  it('prints other numbers as they are', () => {
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(-0.1)).toBe('-0.1');
  });

  it("lays out what Python's repr writes differently as Python does", () => {
    // Each pair is Python 3's repr(float(x)) for the same double.
    const cases: [number, string][] = [
      [Number.NaN, 'nan'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NEGATIVE_INFINITY, '-inf'],
      [-0, '-0.0'],
      [-1e-8, '-1e-08'],
      [1e-5, '1e-05'],
      [1e-4, '0.0001'],
      [0.0001234, '0.0001234'],
      [1e15, '1000000000000000.0'],
      [2 ** 53, '9007199254740992.0'],
      [1e16, '1e+16'],
      [1.5e300, '1.5e+300'],
      [5e-324, '5e-324'],
      [123456789.123, '123456789.123'],
    ];
    for (const [value, python] of cases) expect(formatNumber(value)).toBe(python);
  });
});
