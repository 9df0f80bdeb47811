// Creation, dtype and read mistakes.
import { describe, it } from 'vitest';
import { ones, tensor, zeros } from './creation.js';
import type { DType } from './dtype.js';
import { DTypeError, ValueError } from './errors.js';
import { cast } from './ops/cast.js';
import { conv2d } from './ops/conv2d.js';
import { matmul } from './ops/matmul.js';
import { neg } from './ops/unary.js';
import { where } from './ops/where.js';
import { expectTensorError, matrix } from './testing/expect-tensor-error.js';

describe('creating tensors', () => {
  it('ragged nested arrays are a ValueError naming where the rows differ', () => {
    expectTensorError(() => tensor([[1, 2], [3]]), ValueError, 'tensor', 'values', [
      'index [1]',
      'length 2',
      'length 1',
    ]);
    expectTensorError(
      () =>
        tensor([
          [[1], [2]],
          [[3], [4, 5]],
        ]),
      ValueError,
      'tensor',
      'values',
      ['index [1][1]'],
    );
    expectTensorError(
      () => tensor([[1], 2] as unknown as number[][]),
      ValueError,
      'tensor',
      'values',
      ['index [1]', 'number'],
    );
  });

  it('non-number leaves are a ValueError naming the leaf', () => {
    expectTensorError(
      () => tensor([[1, 'a']] as unknown as number[][]),
      ValueError,
      'tensor',
      'values',
      ['index [0][1]', 'string'],
    );
    expectTensorError(() => tensor([null] as unknown as number[]), ValueError, 'tensor', 'values', [
      'index [0]',
      'object',
    ]);
  });

  it('a shape whose size differs from the number of values is a ValueError', () => {
    expectTensorError(() => tensor([1, 2, 3], [2, 2]), ValueError, 'tensor', 'shape', [
      '[2, 2]',
      '4',
      '3 values',
    ]);
    expectTensorError(() => tensor(new Float32Array(6), [4]), ValueError, 'tensor', 'shape', [
      '[4]',
      '6 values',
    ]);
  });
});

describe('dtypes', () => {
  it('bool to neg is a DTypeError', () => {
    const b = tensor([true, false]);
    expectTensorError(() => neg(b), DTypeError, 'neg', 'x', ['bool']);
  });

  it('bool to matmul is a DTypeError', () => {
    const b = tensor([[true]]);
    expectTensorError(() => matmul(b, b), DTypeError, 'matmul', 'a', ['bool']);
  });

  it('bool to conv2d is a DTypeError', () => {
    const x = ones([1, 1, 3, 3], 'bool');
    const w = ones([1, 1, 1, 1], 'bool');
    expectTensorError(() => conv2d(x, w), DTypeError, 'conv2d', 'x', ['bool']);
  });

  it('a non-bool condition to where is a DTypeError', () => {
    const condition = tensor([1, 0]);
    expectTensorError(() => where(condition, 1, 0), DTypeError, 'where', 'condition', [
      'bool',
      'float32',
    ]);
    expectTensorError(() => where([1, 0], 1, 0), DTypeError, 'where', 'condition', ['float32']);
  });

  it('an invalid dtype string to cast is a ValueError listing the valid dtypes', () => {
    const x = matrix();
    const bad = 'float16' as DType;
    expectTensorError(() => cast(x, bad), ValueError, 'cast', 'dtype', [
      'float16',
      'float32, float64, int32, bool',
    ]);
  });

  it('an invalid dtype string to zeros is a ValueError naming zeros', () => {
    const bad = 'float16' as DType;
    expectTensorError(() => zeros([2], bad), ValueError, 'zeros', 'dtype', [
      'float16',
      'float32, float64, int32, bool',
    ]);
  });
});

describe('reading values', () => {
  it('item() on a multi-element tensor is a ValueError naming the shape', () => {
    const x = matrix();
    expectTensorError(() => x.item(), ValueError, 'item', 'x', ['[2, 3]', '6 elements']);
    const empty = zeros([0]);
    expectTensorError(() => empty.item(), ValueError, 'item', 'x', ['[0]', '0 elements']);
  });
});
