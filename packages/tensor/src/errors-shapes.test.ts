// Shape, axis and broadcasting mistakes: each op names the argument and the shapes.
import { describe, it } from 'vitest';
import { scalar, tensor, zeros } from './creation.js';
import { AxisError, IndexError, ShapeError, ValueError } from './errors.js';
import { add } from './ops/binary.js';
import { concat, split, stack } from './ops/join.js';
import { matmul } from './ops/matmul.js';
import { pad } from './ops/pad.js';
import { sum } from './ops/reduce.js';
import { expandDims, reshape, squeeze } from './ops/reshape.js';
import { slice } from './ops/slice.js';
import { logSoftmax, softmax } from './ops/softmax.js';
import { mean } from './ops/statistics.js';
import { transpose } from './ops/transpose.js';
import { where } from './ops/where.js';
import { expectTensorError, matrix } from './testing/expect-tensor-error.js';

describe('broadcasting', () => {
  it('add of incompatible shapes is a ShapeError naming both shapes', () => {
    const a = zeros([2, 3]);
    const b = zeros([4]);
    expectTensorError(() => add(a, b), ShapeError, 'add', 'b', ['[2, 3]', '[4]', '3 vs 4']);
  });

  it('where of incompatible shapes is a ShapeError naming the shapes', () => {
    const condition = tensor([true, false]);
    const a = zeros([3]);
    expectTensorError(() => where(condition, a, 0), ShapeError, 'where', 'a', ['[2]', '[3]']);
    const b = zeros([5, 2]);
    const a2 = zeros([3, 1]);
    expectTensorError(() => where(condition, a2, b), ShapeError, 'where', 'b', [
      '[3, 1]',
      '[5, 2]',
    ]);
  });
});

describe('matmul', () => {
  it('inner-dimension mismatch is a ShapeError naming both shapes', () => {
    const a = zeros([2, 3]);
    const b = zeros([2, 3]);
    expectTensorError(() => matmul(a, b), ShapeError, 'matmul', 'b', [
      '[2, 3]',
      '3 columns',
      '2 rows',
    ]);
    const v = zeros([4]);
    expectTensorError(() => matmul(a, v), ShapeError, 'matmul', 'b', ['[2, 3]', '[4]']);
  });

  it('batch dimensions that do not broadcast are a ShapeError', () => {
    const a = zeros([2, 2, 3]);
    const b = zeros([3, 3, 4]);
    expectTensorError(() => matmul(a, b), ShapeError, 'matmul', 'b', ['[2]', '[3]']);
  });

  it('rank-0 operands are a ShapeError naming the operand', () => {
    const s = scalar(2);
    const m = zeros([2, 2]);
    expectTensorError(() => matmul(s, m), ShapeError, 'matmul', 'a', ['at least one dimension']);
    expectTensorError(() => matmul(m, s), ShapeError, 'matmul', 'b', ['at least one dimension']);
  });
});

describe('reshape', () => {
  it('a size mismatch is a ShapeError naming both shapes and sizes', () => {
    const x = matrix();
    expectTensorError(() => reshape(x, [4, 2]), ShapeError, 'reshape', 'shape', [
      '[4, 2]',
      '[2, 3]',
      '8',
      '6',
    ]);
    expectTensorError(() => reshape(x, [4, -1]), ShapeError, 'reshape', 'shape', [
      '[4, -1]',
      '[2, 3]',
    ]);
  });

  it('two -1 dimensions are a ShapeError', () => {
    const x = matrix();
    expectTensorError(() => reshape(x, [-1, -1]), ShapeError, 'reshape', 'shape', [
      '[-1, -1]',
      '-1',
    ]);
  });
});

describe('axes', () => {
  it('sum: out of range, repeated and non-integer axes are AxisErrors', () => {
    const x = matrix();
    expectTensorError(() => sum(x, 2), AxisError, 'sum', 'axis', ['2', 'rank 2']);
    expectTensorError(() => sum(x, -3), AxisError, 'sum', 'axis', ['-3', 'rank 2']);
    expectTensorError(() => sum(x, [0, -2]), AxisError, 'sum', 'axis', ['repeats', '[0, -2]']);
    expectTensorError(() => sum(x, 0.5), AxisError, 'sum', 'axis', ['0.5', 'integer']);
  });

  it('softmax: an out-of-range axis is an AxisError naming softmax', () => {
    const x = matrix();
    expectTensorError(() => softmax(x, 2), AxisError, 'softmax', 'axis', ['2', 'rank 2']);
    expectTensorError(() => softmax(x, 1.5), AxisError, 'softmax', 'axis', ['1.5']);
  });

  it('logSoftmax: an out-of-range axis is an AxisError naming logSoftmax', () => {
    const x = matrix();
    expectTensorError(() => logSoftmax(x, -3), AxisError, 'logSoftmax', 'axis', ['-3', 'rank 2']);
  });

  it('mean: an out-of-range axis is an AxisError naming mean', () => {
    const x = matrix();
    expectTensorError(() => mean(x, 2), AxisError, 'mean', 'axis', ['2', 'rank 2']);
  });

  it('concat: an out-of-range axis is an AxisError', () => {
    const x = matrix();
    expectTensorError(() => concat([x, x], 2), AxisError, 'concat', 'axis', ['2', 'rank 2']);
  });

  it('expandDims: an axis outside [-rank-1, rank] or non-integer is an AxisError', () => {
    const x = matrix();
    expectTensorError(() => expandDims(x, 3), AxisError, 'expandDims', 'axis', [
      '3',
      '-3 <= axis < 3',
    ]);
    expectTensorError(() => expandDims(x, -4), AxisError, 'expandDims', 'axis', ['-4']);
    expectTensorError(() => expandDims(x, 0.5), AxisError, 'expandDims', 'axis', ['0.5']);
  });

  it('squeeze: an axis whose size is not 1 (or out of range) is an AxisError naming the shape', () => {
    const x = matrix();
    expectTensorError(() => squeeze(x, 0), AxisError, 'squeeze', 'axis', ['size 2', '[2, 3]']);
    const y = zeros([1, 3]);
    expectTensorError(() => squeeze(y, 2), AxisError, 'squeeze', 'axis', ['2', 'rank 2']);
  });

  it('transpose: a perm of the wrong length, repeated or out-of-range axes is an AxisError', () => {
    const x = matrix();
    expectTensorError(() => transpose(x, [0]), AxisError, 'transpose', 'perm', ['[0]', '[2, 3]']);
    expectTensorError(() => transpose(x, [0, 0]), AxisError, 'transpose', 'perm', [
      '[0, 0]',
      'repeats',
    ]);
    expectTensorError(() => transpose(x, [0, 2]), AxisError, 'transpose', 'perm', [
      '[0, 2]',
      'rank 2',
    ]);
  });
});

describe('joining and splitting', () => {
  it('concat of mismatched shapes is a ShapeError naming both shapes', () => {
    const a = zeros([2, 3]);
    const b = zeros([3, 3]);
    expectTensorError(() => concat([a, b], 1), ShapeError, 'concat', 'xs[1]', ['[3, 3]', '[2, 3]']);
    const c = zeros([2, 3, 1]);
    expectTensorError(() => concat([a, c], 0), ShapeError, 'concat', 'xs[1]', [
      '[2, 3, 1]',
      '[2, 3]',
    ]);
  });

  it('concat of an empty list is a ValueError', () => {
    expectTensorError(() => concat([]), ValueError, 'concat', 'xs', ['non-empty']);
  });

  it('stack of different shapes is a ShapeError naming both shapes', () => {
    const a = zeros([2, 3]);
    const b = zeros([3, 2]);
    expectTensorError(() => stack([a, b]), ShapeError, 'stack', 'xs[1]', ['[3, 2]', '[2, 3]']);
  });

  it('split into parts that do not divide the axis is a ValueError', () => {
    const x = matrix();
    expectTensorError(() => split(x, 2, 1), ValueError, 'split', 'numOrSizes', ['2', 'size 3']);
    expectTensorError(() => split(x, [1, 1], 1), ValueError, 'split', 'numOrSizes', [
      '[1, 1]',
      'size 3',
    ]);
  });

  it('slice beyond the tensor is an IndexError naming the shape', () => {
    const x = matrix();
    expectTensorError(() => slice(x, [0, 2], [1, 2]), IndexError, 'slice', 'size', [
      '[1, 2]',
      '[2, 3]',
    ]);
    expectTensorError(() => slice(x, [3, 0]), IndexError, 'slice', 'begin', ['[3, 0]', '[2, 3]']);
  });

  it('pad with the wrong number of pairs is a ShapeError; a negative pad a ValueError', () => {
    const x = matrix();
    expectTensorError(() => pad(x, [[1, 1]]), ShapeError, 'pad', 'paddings', ['2', '[2, 3]']);
    expectTensorError(
      () =>
        pad(x, [
          [1, 1],
          [-1, 0],
        ]),
      ValueError,
      'pad',
      'paddings',
      ['-1'],
    );
  });
});
