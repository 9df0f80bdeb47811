import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { ones, scalar, tensor, zeros } from './creation.js';
import type { DType } from './dtype.js';
import { withBackend } from './engine.js';
import {
  AxisError,
  BackendError,
  DisposedError,
  DTypeError,
  IndexError,
  ShapeError,
  TensorError,
  ValueError,
} from './errors.js';
import { memory } from './memory.js';
import { add, mul } from './ops/binary.js';
import { cast } from './ops/cast.js';
import { conv2d } from './ops/conv2d.js';
import { gather, scatterAdd } from './ops/gather.js';
import { concat, split, stack } from './ops/join.js';
import { matmul } from './ops/matmul.js';
import { oneHot } from './ops/one-hot.js';
import { pad } from './ops/pad.js';
import { avgPool2d, maxPool2d } from './ops/pool2d.js';
import { argmax, sum } from './ops/reduce.js';
import { expandDims, reshape, squeeze } from './ops/reshape.js';
import { slice } from './ops/slice.js';
import { logSoftmax, softmax } from './ops/softmax.js';
import { mean } from './ops/statistics.js';
import { transpose } from './ops/transpose.js';
import { neg } from './ops/unary.js';
import { where } from './ops/where.js';
import { scope } from './scope.js';
import type { Tensor } from './tensor.js';

type ErrorClass = new (op: string, argument: string | undefined, detail: string) => TensorError;

/**
 * Runs `fn`, which must throw `kind` naming `op` and `argument` in the documented format
 * "op: argument 'name' detail", with every fragment (shapes, dtypes, values) in the detail.
 * Also checks the failed call left no new live tensors behind.
 */
function expectTensorError(
  fn: () => unknown,
  kind: ErrorClass,
  op: string,
  argument: string | undefined,
  fragments: readonly string[] = [],
): TensorError {
  const before = memory().tensors;
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  const created = memory().tensors - before;
  expect(caught, 'the call should throw').toBeInstanceOf(kind);
  const error = caught as TensorError;
  expect(error).toBeInstanceOf(TensorError);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe(kind.name);
  expect(error.op).toBe(op);
  expect(error.argument).toBe(argument);
  const prefix = argument === undefined ? `${op}: ` : `${op}: argument '${argument}' `;
  expect(error.message.startsWith(prefix), `"${error.message}" should start with "${prefix}"`).toBe(
    true,
  );
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  expect(created, `live tensors left by the failing call (${error.message})`).toBe(0);
  return error;
}

const matrix = (): Tensor =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

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

describe('indexing', () => {
  it('gather with out-of-range indices is an IndexError naming the index and size', () => {
    const x = matrix();
    const indices = tensor(new Int32Array([0, 2]));
    expectTensorError(() => gather(x, indices), IndexError, 'gather', 'indices', ['2', 'size 2']);
    expectTensorError(() => gather(x, [-3]), IndexError, 'gather', 'indices', ['-3', 'size 2']);
    expectTensorError(() => gather(x, [3], 1), IndexError, 'gather', 'indices', ['3', 'size 3']);
  });

  it('gather with float indices is a DTypeError', () => {
    const x = matrix();
    const indices = tensor([0, 1]);
    expectTensorError(() => gather(x, indices), DTypeError, 'gather', 'indices', [
      'int32',
      'float32',
    ]);
    expectTensorError(() => gather(x, [0.5]), DTypeError, 'gather', 'indices', ['float32']);
  });

  it('scatterAdd with out-of-range indices is an IndexError', () => {
    const x = matrix();
    const updates = ones([1, 3]);
    expectTensorError(() => scatterAdd(x, [5], updates), IndexError, 'scatterAdd', 'indices', [
      '5',
      'size 2',
    ]);
  });

  it('scatterAdd with float indices is a DTypeError', () => {
    const x = matrix();
    const updates = ones([1, 3]);
    const indices = tensor([0]);
    expectTensorError(() => scatterAdd(x, indices, updates), DTypeError, 'scatterAdd', 'indices', [
      'float32',
    ]);
    expectTensorError(() => scatterAdd(x, [0.5], updates), DTypeError, 'scatterAdd', 'indices', [
      'float32',
    ]);
  });

  it('scatterAdd with a wrongly shaped update is a ShapeError naming the shapes', () => {
    const x = matrix();
    const updates = ones([2, 3]);
    const indices = tensor(new Int32Array([0]));
    expectTensorError(() => scatterAdd(x, indices, updates), ShapeError, 'scatterAdd', 'updates', [
      '[2, 3]',
      '[1, 3]',
      '[1]',
    ]);
  });

  it('oneHot with an index outside [0, depth) is a ValueError', () => {
    expectTensorError(() => oneHot([0, 3], 3), ValueError, 'oneHot', 'indices', ['3', 'depth 3']);
    const negative = tensor(new Int32Array([-1]));
    expectTensorError(() => oneHot(negative, 3), ValueError, 'oneHot', 'indices', [
      '-1',
      'depth 3',
    ]);
  });
});

describe('conv2d and pooling', () => {
  it('conv2d with the wrong ranks is a ShapeError naming the shape', () => {
    const x3 = ones([1, 2, 3]);
    const w = ones([1, 2, 1, 1]);
    expectTensorError(() => conv2d(x3, w), ShapeError, 'conv2d', 'x', ['[1, 2, 3]', '4-D']);
    const x = ones([1, 2, 3, 3]);
    const w3 = ones([1, 2, 1]);
    expectTensorError(() => conv2d(x, w3), ShapeError, 'conv2d', 'w', ['[1, 2, 1]', '4-D']);
  });

  it('conv2d with a channel mismatch is a ShapeError naming both channel counts', () => {
    const x = ones([1, 2, 3, 3]);
    const w = ones([1, 3, 1, 1]);
    expectTensorError(() => conv2d(x, w), ShapeError, 'conv2d', 'w', [
      '[1, 3, 1, 1]',
      '2 channels',
      'expected 2',
    ]);
  });

  it('conv2d with groups not dividing the channels is a ShapeError', () => {
    const x = ones([1, 3, 3, 3]);
    const w = ones([2, 1, 1, 1]);
    expectTensorError(() => conv2d(x, w, { groups: 2 }), ShapeError, 'conv2d', 'groups', [
      '2',
      '(3)',
      '(2)',
    ]);
  });

  it('conv2d with a kernel larger than the input is a ShapeError naming both sizes', () => {
    const x = ones([1, 1, 3, 3]);
    const w = ones([1, 1, 4, 4]);
    expectTensorError(() => conv2d(x, w), ShapeError, 'conv2d', 'w', ['4x4', '3x3']);
  });

  it('pooling with padding above half the kernel is a ValueError', () => {
    const x = ones([1, 1, 4, 4]);
    expectTensorError(
      () => maxPool2d(x, { kernelSize: 2, padding: 2 }),
      ValueError,
      'maxPool2d',
      'padding',
      ['2'],
    );
    expectTensorError(
      () => avgPool2d(x, { kernelSize: [3, 3], padding: [1, 2] }),
      ValueError,
      'avgPool2d',
      'padding',
      ['[1,2]', '[3,3]'],
    );
  });
});

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

describe('disposed tensors', () => {
  it('using a disposed tensor in an op is a DisposedError naming the op, argument, id and shape', () => {
    const d = ones([2]);
    d.dispose();
    const live = ones([2]);
    expectTensorError(() => add(d, live), DisposedError, 'add', 'a', [
      'disposed',
      `id ${d.id}`,
      '[2]',
    ]);
    expectTensorError(() => mul(live, d), DisposedError, 'mul', 'b', ['disposed', `id ${d.id}`]);
    expectTensorError(() => reshape(d, [2, 1]), DisposedError, 'reshape', 'x', ['[2]']);
    expectTensorError(() => sum(d), DisposedError, 'sum', 'x', ['[2]']);
  });

  it('dataSync(), toArray() and item() of a disposed tensor are DisposedErrors', () => {
    const d = ones([1]);
    d.dispose();
    expectTensorError(() => d.dataSync(), DisposedError, 'dataSync', 'x', [`id ${d.id}`, '[1]']);
    expectTensorError(() => d.toArray(), DisposedError, 'toArray', 'x', ['[1]']);
    expectTensorError(() => d.item(), DisposedError, 'item', 'x', ['[1]']);
  });

  it('data() of a disposed tensor rejects with a DisposedError', async () => {
    const d = ones([3]);
    d.dispose();
    const error = await d.data().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DisposedError);
    const e = error as DisposedError;
    expect(e.op).toBe('data');
    expect(e.argument).toBe('x');
    expect(e.message).toContain(`data: argument 'x' is a disposed tensor (id ${d.id}, shape [3])`);
  });

  it('a tensor disposed by its scope cannot be used afterwards', () => {
    let inner: Tensor | undefined;
    scope(() => {
      inner = ones([2]);
    });
    expectTensorError(() => neg(inner!), DisposedError, 'neg', 'x', ['scope']);
  });
});

describe('backends', () => {
  it('mixing tensors from two CPU backend instances is a BackendError', () => {
    const first = createCpuBackend();
    const second = createCpuBackend();
    const a = withBackend(first, () => ones([3]));
    const b = withBackend(second, () => ones([3]));
    expectTensorError(() => add(a, b), BackendError, 'add', 'b', ['backend']);
    const m = withBackend(first, () => ones([2, 3]));
    const n = withBackend(second, () => ones([3, 2]));
    expectTensorError(() => matmul(m, n), BackendError, 'matmul', 'b', ['backend']);
  });

  it('matmul of 1-D operands from two backends is a BackendError that leaves nothing behind', () => {
    const first = createCpuBackend();
    const second = createCpuBackend();
    const a = withBackend(first, () => ones([3]));
    const b = withBackend(second, () => ones([3]));
    expectTensorError(() => matmul(a, b), BackendError, 'matmul', 'b', ['backend']);
  });

  it('mixing backends when one operand needs a cast is a BackendError that leaves nothing behind', () => {
    const first = createCpuBackend();
    const second = createCpuBackend();
    const ints = withBackend(first, () => tensor(new Int32Array([1, 2, 3])));
    const floats = withBackend(second, () => ones([3]));
    expectTensorError(() => add(ints, floats), BackendError, 'add', 'b', ['backend']);
  });
});

describe('a failing op changes no state', () => {
  it('creates no live tensors when a plain-array operand is converted before the failure', () => {
    const x = matrix();
    const cond = tensor([true, false]);
    expectTensorError(() => add(x, [1, 2, 3, 4]), ShapeError, 'add', 'b', ['[4]']);
    expectTensorError(() => where(cond, [1, 2, 3], 0), ShapeError, 'where', 'a', ['[3]']);
    expectTensorError(() => matmul([[1, 2]], [[1, 2]]), ShapeError, 'matmul', 'b', ['[1, 2]']);
    expectTensorError(() => gather(x, [0, 9]), IndexError, 'gather', 'indices', ['9']);
    expectTensorError(() => oneHot([5], 3), ValueError, 'oneHot', 'indices', ['5']);
  });

  it('sum and argmax of a plain array with a bad axis create no live tensors', () => {
    expectTensorError(() => sum([1, 2, 3], 5), AxisError, 'sum', 'axis', ['5', 'rank 1']);
    expectTensorError(() => argmax([1, 2, 3], 5), AxisError, 'argmax', 'axis', ['5', 'rank 1']);
  });

  it('argmax over a zero-size tensor creates no live tensors', () => {
    const empty = zeros([0, 2]);
    expectTensorError(() => argmax(empty), ValueError, 'argmax', 'x', ['[0, 2]']);
    expectTensorError(() => argmax(empty, 0), ValueError, 'argmax', 'x', ['[0, 2]']);
  });

  it('scatterAdd with malformed nested updates creates no live tensors', () => {
    const x = matrix();
    const ragged = [[1, 2, 3], [4]] as unknown as number[][];
    const before = memory().tensors;
    expect(() => scatterAdd(x, [0, 1], ragged)).toThrow(ValueError);
    expect(memory().tensors - before).toBe(0);
  });

  it('the inputs stay live and unchanged after a failing op', () => {
    const x = matrix();
    const y = zeros([4]);
    expect(() => add(x, y)).toThrow(ShapeError);
    expect(x.isDisposed).toBe(false);
    expect(y.isDisposed).toBe(false);
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
});
