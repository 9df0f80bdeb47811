// Disposed tensors, backend mix-ups, and that a failing op changes no state.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { ones, tensor, zeros } from './creation.js';
import { withBackend } from './engine.js';
import {
  AxisError,
  BackendError,
  DisposedError,
  IndexError,
  ShapeError,
  ValueError,
} from './errors.js';
import { memory } from './memory.js';
import { add, mul } from './ops/binary.js';
import { gather, scatterAdd } from './ops/gather.js';
import { matmul } from './ops/matmul.js';
import { oneHot } from './ops/one-hot.js';
import { argmax, sum } from './ops/reduce.js';
import { reshape } from './ops/reshape.js';
import { neg } from './ops/unary.js';
import { where } from './ops/where.js';
import { scope } from './scope.js';
import type { Tensor } from './tensor.js';
import { expectTensorError, matrix } from './testing/expect-tensor-error.js';

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
