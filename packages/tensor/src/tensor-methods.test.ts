// Tensor's methods for users: clone, toBackend, printing and JSON, and the static dtype.
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { full, ones, scalar, tensor, zeros } from './creation.js';
import { getBackend, withBackend } from './engine.js';
import { BackendError, DisposedError } from './errors.js';
import { memory } from './memory.js';
import { withPrimitiveObserver } from './observer.js';
import { add, equal, logicalAnd } from './ops/binary.js';
import { cast } from './ops/cast.js';
import { argmax, sum } from './ops/reduce.js';
import { isFinite } from './ops/unary.js';
import type { Tensor } from './tensor.js';
import { expectTensorError } from './testing/expect-tensor-error.js';

describe('clone', () => {
  it('copies values, dtype and shape into a buffer of its own', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      undefined,
      'int32',
    );
    const y = x.clone();
    expect(y).not.toBe(x);
    expect(y.buffer).not.toBe(x.buffer);
    expect(y.dtype).toBe('int32');
    expect(y.shape).toEqual([2, 2]);
    x.dispose();
    expect(y.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const before = memory().bytes;
    y.dispose();
    expect(memory().bytes).toBeLessThan(before);
  });

  it('is recorded as one primitive, so autograd passes gradients through it', () => {
    const x = tensor([1.5, -2]);
    const seen: { primitive: string; inputs: readonly Tensor[] }[] = [];
    const y = withPrimitiveObserver(
      { onPrimitive: (primitive, inputs) => seen.push({ primitive, inputs }) },
      () => x.clone(),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]!.primitive).toBe('cast');
    expect(seen[0]!.inputs[0]).toBe(x);
    expect(y.toArray()).toEqual([1.5, -2]);
  });

  it('of a disposed tensor is a DisposedError', () => {
    const x = tensor([1]);
    x.dispose();
    expectTensorError(() => x.clone(), DisposedError, 'clone', 'x');
  });
});

describe('toBackend', () => {
  it('copies a tensor to another CPU backend instance so it combines with tensors there', () => {
    const first = createCpuBackend();
    const second = createCpuBackend();
    const x = withBackend(first, () => tensor([1, 2, 3]));
    const y = withBackend(second, () => tensor([10, 20, 30]));
    expectTensorError(() => add(x, y), BackendError, 'add', 'b', ['x.toBackend(backend)']);
    const moved = x.toBackend(second);
    expect(moved.backend).toBe(second);
    expect(moved.dtype).toBe('float32');
    expect(add(moved, y).toArray()).toEqual([11, 22, 33]);
    x.dispose();
    expect(moved.toArray()).toEqual([1, 2, 3]);
  });

  it('keeps every dtype and the shape', () => {
    const [first, other] = [createCpuBackend(), createCpuBackend()];
    const made = withBackend(first, () => [
      tensor([[true, false]]),
      tensor([[1, -2]], undefined, 'int32'),
      tensor([[0.1, 2]], undefined, 'float64'),
    ]);
    for (const x of made) {
      const moved = x.toBackend(other);
      expect(moved.dtype).toBe(x.dtype);
      expect(moved.shape).toEqual([1, 2]);
      expect(moved.toArray()).toEqual(x.toArray());
    }
  });

  it('to its own backend gives a new tensor, a clone', () => {
    const x = tensor([4]);
    const y = x.toBackend(getBackend());
    expect(y).not.toBe(x);
    expect(y.buffer).not.toBe(x.buffer);
  });

  it('refuses something that is not a backend, and a dtype the target lacks', () => {
    const x = tensor([1]);
    expectTensorError(() => x.toBackend({} as never), BackendError, 'toBackend', 'backend');
    const floatOnly = { ...createCpuBackend(), name: 'floaty', dtypes: ['float32'] as const };
    const ints = tensor([1], undefined, 'int32');
    expectTensorError(() => ints.toBackend(floatOnly), BackendError, 'toBackend', 'backend', [
      'floaty',
      'int32',
    ]);
  });
});

describe('printing', () => {
  it('toString, String() and util.inspect give dtype, shape and values', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const text = 'Tensor([[1., 2.], [3., 4.]], dtype=float32, shape=[2, 2])';
    expect(x.toString()).toBe(text);
    expect(String(x)).toBe(text);
    expect(inspect(x)).toBe(text);
    expect(inspect({ w: tensor([true]) })).toBe('{ w: Tensor([true], dtype=bool, shape=[1]) }');
  });

  it('never shows the backend internals', () => {
    const printed = inspect(tensor([1, 2]), { depth: 10 });
    expect(printed).not.toContain('buffer');
    expect(printed).not.toContain('dataId');
  });

  it('summarises large tensors with ... keeping three items at each edge', () => {
    const x = zeros([2000], 'int32');
    expect(String(x)).toBe('Tensor([0, 0, 0, ..., 0, 0, 0], dtype=int32, shape=[2000])');
  });

  it('prints a disposed tensor as disposed', () => {
    const x = ones([3]);
    x.dispose();
    expect(inspect(x)).toBe('Tensor(<disposed>, dtype=float32, shape=[3])');
  });
});

describe('toJSON', () => {
  it('makes JSON.stringify write the nested values', () => {
    expect(
      JSON.stringify(
        tensor([
          [1.5, 2],
          [3, 4],
        ]),
      ),
    ).toBe('[[1.5,2],[3,4]]');
    expect(JSON.stringify({ mask: tensor([true, false]), n: scalar(3, 'int32') })).toBe(
      '{"mask":[true,false],"n":3}',
    );
  });
});

describe('static dtypes', () => {
  it('item() is a number for numeric tensors and a boolean for bool ones', () => {
    const loss = sum(tensor([0.25, 0.5]));
    expectTypeOf(loss.item()).toEqualTypeOf<number>();
    expectTypeOf(tensor([1], undefined, 'float32').item()).toEqualTypeOf<number>();
    expectTypeOf(tensor([1], undefined, 'int32').item()).toEqualTypeOf<number>();
    expectTypeOf(tensor([true]).item()).toEqualTypeOf<boolean>();
    expectTypeOf(equal(loss, 1).item()).toEqualTypeOf<boolean>();
    expectTypeOf(cast(loss, 'bool').item()).toEqualTypeOf<boolean>();
    expect(loss.item()).toBe(0.75);
    expect(equal(loss, 0.75).item()).toBe(true);
  });

  it('tracks bool-ness only, so results of ops can be assigned back', () => {
    expectTypeOf(zeros([2], 'int32')).toEqualTypeOf<Tensor>();
    expectTypeOf(zeros([2], 'bool')).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(full([2], true)).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(argmax(tensor([1, 3]))).toEqualTypeOf<Tensor>();
    expectTypeOf(logicalAnd(isFinite(tensor([1])), true)).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(tensor([true]).clone()).toEqualTypeOf<Tensor<'bool'>>();
    let x = tensor([1, 2], undefined, 'float32');
    x = add(x, 1);
    let counts = zeros([2], 'int32');
    counts = add(counts, 1);
    // A bool tensor passes where any tensor is expected.
    const total: Tensor = sum(tensor([true, true]));
    expect(x.toArray()).toEqual([2, 3]);
    expect(counts.toArray()).toEqual([1, 1]);
    expect(total.item()).toBe(2);
  });

  it('item() of an untyped (any) tensor is a number, not a boolean', () => {
    // biome-ignore lint/suspicious/noExplicitAny: what `instanceof` narrowing of unknown gives.
    const loose: Tensor<any> = tensor([4]);
    expectTypeOf(loose.item()).toEqualTypeOf<number>();
  });
});
