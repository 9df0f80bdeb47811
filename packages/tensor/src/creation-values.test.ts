// Values that a dtype cannot hold are refused where the tensor is made, not turned into
// other numbers; PyTorch's torch.tensor behaves the same way.
import { describe, expect, it } from 'vitest';
import { arange, eye, full, linspace, ones, scalar, tensor, zeros } from './creation.js';
import { ValueError } from './errors.js';
import { MAX_ELEMENTS } from './shape.js';
import { expectTensorError } from './testing/expect-tensor-error.js';

describe('values into int32', () => {
  it('refuses NaN and infinities, naming the value and where it is', () => {
    expectTensorError(
      () => tensor([Number.NaN], undefined, 'int32'),
      ValueError,
      'tensor',
      'values',
      ['NaN', 'flat index 0', 'int32'],
    );
    expectTensorError(
      () =>
        tensor(
          [
            [1, 2],
            [3, Number.POSITIVE_INFINITY],
          ],
          undefined,
          'int32',
        ),
      ValueError,
      'tensor',
      'values',
      ['Infinity', 'flat index 3'],
    );
    expectTensorError(
      () => tensor(new Float32Array([1, Number.NEGATIVE_INFINITY]), undefined, 'int32'),
      ValueError,
      'tensor',
      'values',
      ['-Infinity', 'flat index 1'],
    );
  });

  it('refuses values outside the int32 range instead of wrapping them', () => {
    expectTensorError(() => tensor([2 ** 40], undefined, 'int32'), ValueError, 'tensor', 'values', [
      String(2 ** 40),
      'int32 range',
    ]);
    expectTensorError(
      () => tensor([-(2 ** 31) - 1], undefined, 'int32'),
      ValueError,
      'tensor',
      'values',
    );
  });

  it('keeps the edges of the int32 range', () => {
    expect(tensor([2 ** 31 - 1, -(2 ** 31)], undefined, 'int32').toArray()).toEqual([
      2 ** 31 - 1,
      -(2 ** 31),
    ]);
  });

  it('truncates fractions toward zero, as PyTorch', () => {
    expect(tensor([1.7, -1.7, 2.5, -0.5], undefined, 'int32').toArray()).toEqual([1, -1, 2, 0]);
  });

  it('full, zeros and scalar check their value the same way', () => {
    expectTensorError(() => full([2], Number.NaN, 'int32'), ValueError, 'full', 'value', ['NaN']);
    expectTensorError(() => scalar(2 ** 32, 'int32'), ValueError, 'tensor', 'values', [
      'int32 range',
    ]);
    expect(full([2], -3.5, 'int32').toArray()).toEqual([-3, -3]);
  });
});

describe('values into bool', () => {
  it('stores "is non-zero" for numbers, NaN included (bool(nan) is True in PyTorch)', () => {
    expect(tensor([0, 2, -0.5, Number.NaN, -0], undefined, 'bool').toArray()).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(full([2], Number.NaN, 'bool').toArray()).toEqual([true, true]);
    expect(full([1], 0, 'bool').toArray()).toEqual([false]);
  });
});

describe('values that are not numbers', () => {
  it('full refuses a string instead of filling NaN', () => {
    expectTensorError(() => full([2], 'a' as unknown as number), ValueError, 'full', 'value', [
      'the string "a"',
    ]);
    expectTensorError(() => full([2], null as unknown as number), ValueError, 'full', 'value', [
      'null',
    ]);
  });
});

describe('sizes past what one tensor can hold', () => {
  it('are a ValueError naming the op, the shape and the limit, not a RangeError', () => {
    expectTensorError(() => zeros([2 ** 20, 2 ** 20]), ValueError, 'zeros', 'shape', [
      '[1048576, 1048576]',
      String(2 ** 40),
      String(MAX_ELEMENTS),
    ]);
    expectTensorError(() => ones([2 ** 16, 2 ** 16]), ValueError, 'ones', 'shape', ['limit']);
    expectTensorError(() => full([MAX_ELEMENTS + 1], 0), ValueError, 'full', 'shape');
    expectTensorError(() => eye(2 ** 16, 2 ** 16), ValueError, 'eye', 'n', ['limit']);
    expectTensorError(() => arange(2 ** 32), ValueError, 'arange', 'stop', ['limit']);
    expectTensorError(() => linspace(0, 1, 2 ** 32), ValueError, 'linspace', 'num', ['limit']);
  });

  it('an empty dimension makes any shape small', () => {
    expect(zeros([2 ** 20, 2 ** 20, 0]).size).toBe(0);
  });
});

describe('a dtype where the shape goes', () => {
  it('says the dtype is the third argument', () => {
    expectTensorError(() => tensor([1, 2], 'int32' as never), ValueError, 'tensor', 'shape', [
      "tensor(values, undefined, 'int32')",
    ]);
  });
});
