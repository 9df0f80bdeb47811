import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpu/cpu-backend.js';
import {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  scalar,
  tensor,
  zeros,
  zerosLike,
} from './creation.js';
import { getBackend, setBackend, withBackend } from './engine.js';
import { add, div, mul, sub } from './ops/binary.js';
import { reshape } from './ops/reshape.js';
import { Tensor } from './tensor.js';
import { assertTensorClose, backendSupports } from './testing/index.js';

describe('Tensor basics', () => {
  it('reports shape, dtype, size and rank', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m).toBeInstanceOf(Tensor);
    expect(m.shape).toEqual([2, 3]);
    expect(m.dtype).toBe('float32');
    expect(m.size).toBe(6);
    expect(m.rank).toBe(2);

    const s = scalar(7);
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    expect(s.rank).toBe(0);

    const empty = zeros([3, 0, 2]);
    expect(empty.size).toBe(0);
    expect(empty.rank).toBe(3);
    expect(empty.dataSync()).toHaveLength(0);
  });

  it('gives each tensor a distinct id', () => {
    const a = zeros([1]);
    const b = zeros([1]);
    expect(a.id).not.toBe(b.id);
  });

  it('dataSync() returns a copy: mutating it does not change the tensor', () => {
    const t = tensor([1, 2, 3]);
    const values = t.dataSync();
    expect(values).toBeInstanceOf(Float32Array);
    values[0] = 100;
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    // Views sharing the buffer are unaffected too.
    expect(Array.from(reshape(t, [3, 1]).dataSync())).toEqual([1, 2, 3]);
  });

  it('data() resolves to a copy: mutating it does not change the tensor', async () => {
    const t = tensor(new Int32Array([4, 5, 6]));
    const values = await t.data();
    expect(values).toBeInstanceOf(Int32Array);
    expect(Array.from(values)).toEqual([4, 5, 6]);
    values.fill(0);
    expect(Array.from(await t.data())).toEqual([4, 5, 6]);
  });

  it('copies its source values: mutating the input array later does not change the tensor', () => {
    const source = new Float32Array([1, 2, 3, 4]);
    const t = tensor(source, [2, 2]);
    source[0] = -1;
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4]);
    const nested = [
      [1, 2],
      [3, 4],
    ];
    const u = tensor(nested);
    nested[0]![0] = 9;
    expect(u.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('is immutable: the shape array is frozen and independent of the caller’s array', () => {
    const shape = [2, 2];
    const t = zeros(shape);
    shape[0] = 5;
    expect(t.shape).toEqual([2, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(() => {
      (t.shape as number[]).push(3);
    }).toThrow(TypeError);
    expect(() => {
      (t.shape as number[])[0] = 7;
    }).toThrow(TypeError);
    expect(t.shape).toEqual([2, 2]);
  });

  it('ops return new tensors and leave their inputs unchanged', () => {
    const x = tensor([1, 2, 3]);
    const y = add(x, 10);
    expect(y).not.toBe(x);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(y.dataSync())).toEqual([11, 12, 13]);
  });

  it('toArray() returns nested arrays, booleans for bool and a plain value for scalars', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toArray(),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensor([[[true], [false]]]).toArray()).toEqual([[[true], [false]]]);
    expect(scalar(2.5).toArray()).toBe(2.5);
    expect(scalar(true).toArray()).toBe(true);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(tensor(new Int32Array([1, 2, 3, 4, 5, 6]), [3, 1, 2]).toArray()).toEqual([
      [[1, 2]],
      [[3, 4]],
      [[5, 6]],
    ]);
  });

  it('item() returns the single value (a boolean for bool)', () => {
    expect(scalar(3.5).item()).toBe(3.5);
    expect(scalar(-4, 'int32').item()).toBe(-4);
    expect(scalar(true).item()).toBe(true);
    expect(scalar(false).item()).toBe(false);
    expect(tensor([[7]]).item()).toBe(7);
  });
});

describe('toString', () => {
  it('formats floats with a trailing dot, as NumPy', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe('Tensor([[1., 2.], [3., 4.]], dtype=float32, shape=[2, 2])');
    expect(tensor([0.5, -1.25]).toString()).toBe('Tensor([0.5, -1.25], dtype=float32, shape=[2])');
    expect(scalar(2.5).toString()).toBe('Tensor(2.5, dtype=float32, shape=[])');
  });

  it('formats int32 and bool', () => {
    expect(tensor(new Int32Array([1, -2])).toString()).toBe(
      'Tensor([1, -2], dtype=int32, shape=[2])',
    );
    expect(tensor([true, false]).toString()).toBe('Tensor([true, false], dtype=bool, shape=[2])');
    expect(zeros([0]).toString()).toBe('Tensor([], dtype=float32, shape=[0])');
  });

  it('summarises with ... above 1000 elements and prints everything up to 1000', () => {
    expect(zeros([1001]).toString()).toBe(
      'Tensor([0., 0., 0., ..., 0., 0., 0.], dtype=float32, shape=[1001])',
    );
    const exactly = zeros([1000]).toString();
    expect(exactly).not.toContain('...');
    expect(exactly.match(/0\./g)).toHaveLength(1000);
    const big = reshape(arange(1200), [40, 30]).toString();
    expect(
      big.startsWith(
        'Tensor([[0, 1, 2, ..., 27, 28, 29], [30, 31, 32, ..., 57, 58, 59], [60, 61, 62, ..., 87, 88, 89], ..., ',
      ),
    ).toBe(true);
    expect(
      big.endsWith('[1170, 1171, 1172, ..., 1197, 1198, 1199]], dtype=int32, shape=[40, 30])'),
    ).toBe(true);
  });

  it('marks disposed tensors', () => {
    const t = zeros([2]);
    t.dispose();
    expect(t.toString()).toBe('Tensor(<disposed>, dtype=float32, shape=[2])');
  });
});

describe('creation', () => {
  it('makes tensors from nested arrays, flat arrays with a shape, and scalars', () => {
    assertTensorClose(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      [1, 2, 3, 4, 5, 6],
      { shape: [2, 3], dtype: 'float32' },
    );
    assertTensorClose(tensor([1, 2, 3, 4, 5, 6], [3, 2]), [1, 2, 3, 4, 5, 6], { shape: [3, 2] });
    assertTensorClose(tensor(new Int32Array([1, 2, 3, 4]), [2, 2]), [1, 2, 3, 4], {
      shape: [2, 2],
      dtype: 'int32',
    });
    assertTensorClose(tensor(5), [5], { shape: [], dtype: 'float32' });
    assertTensorClose(scalar(5, 'int32'), [5], { shape: [], dtype: 'int32' });
    assertTensorClose(tensor([]), [], { shape: [0], dtype: 'float32' });
  });

  it('infers dtypes: numbers float32, booleans bool, typed arrays their own', () => {
    expect(tensor([1, 2]).dtype).toBe('float32');
    expect(tensor(1).dtype).toBe('float32');
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor(true).dtype).toBe('bool');
    expect(tensor(new Float32Array([1])).dtype).toBe('float32');
    expect(tensor(new Int32Array([1])).dtype).toBe('int32');
    const fromBytes = tensor(new Uint8Array([0, 3, 255]));
    expect(fromBytes.dtype).toBe('int32');
    expect(Array.from(fromBytes.dataSync())).toEqual([0, 3, 255]);
    if (backendSupports('float64')) {
      const precise = tensor(new Float64Array([0.1, 1e300]));
      expect(precise.dtype).toBe('float64');
      expect(Array.from(precise.dataSync())).toEqual([0.1, 1e300]);
    }
  });

  it('converts to an explicit dtype (int32 truncates toward zero, bool is non-zero)', () => {
    assertTensorClose(tensor([1.7, -1.7, 2], undefined, 'int32'), [1, -1, 2], { dtype: 'int32' });
    expect(tensor([0, 2, -0.5], undefined, 'bool').toArray()).toEqual([false, true, true]);
    assertTensorClose(tensor([true, false], undefined, 'float32'), [1, 0], { dtype: 'float32' });
  });

  it('zeros, ones, full, zerosLike, onesLike, fullLike', () => {
    assertTensorClose(zeros([2, 2]), [0, 0, 0, 0], { shape: [2, 2], dtype: 'float32' });
    assertTensorClose(ones([3], 'int32'), [1, 1, 1], { shape: [3], dtype: 'int32' });
    assertTensorClose(full([2, 1], 7), [7, 7], { shape: [2, 1], dtype: 'float32' });
    assertTensorClose(full([2], 7.9, 'int32'), [7, 7], { dtype: 'int32' });
    expect(full([2], true).toArray()).toEqual([true, true]);
    const like = tensor(new Int32Array([5, 6, 7]), [3, 1]);
    assertTensorClose(zerosLike(like), [0, 0, 0], { shape: [3, 1], dtype: 'int32' });
    assertTensorClose(onesLike(like), [1, 1, 1], { shape: [3, 1], dtype: 'int32' });
    assertTensorClose(onesLike(like, 'float32'), [1, 1, 1], { shape: [3, 1], dtype: 'float32' });
    assertTensorClose(fullLike(like, 4), [4, 4, 4], { shape: [3, 1], dtype: 'int32' });
    expect(zeros([]).shape).toEqual([]);
  });

  it('arange follows NumPy: [start, stop) with step, int32 for integer arguments', () => {
    assertTensorClose(arange(5), [0, 1, 2, 3, 4], { shape: [5], dtype: 'int32' });
    assertTensorClose(arange(2, 5), [2, 3, 4], { dtype: 'int32' });
    assertTensorClose(arange(5, 0, -2), [5, 3, 1], { dtype: 'int32' });
    assertTensorClose(arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75], { dtype: 'float32' });
    assertTensorClose(arange(3, undefined, 1, 'float32'), [0, 1, 2], { dtype: 'float32' });
    assertTensorClose(arange(3, 3), [], { shape: [0] });
    assertTensorClose(arange(3, 0), [], { shape: [0] });
  });

  it('linspace includes the endpoint unless told otherwise', () => {
    assertTensorClose(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], { shape: [5], dtype: 'float32' });
    assertTensorClose(linspace(0, 1, 4, { endpoint: false }), [0, 0.25, 0.5, 0.75], { shape: [4] });
    assertTensorClose(linspace(3, 7, 1), [3], { shape: [1] });
    assertTensorClose(linspace(3, 7, 0), [], { shape: [0] });
    assertTensorClose(linspace(-1, 1, 3, { dtype: 'int32' }), [-1, 0, 1], { dtype: 'int32' });
  });

  it('eye makes (rectangular) identity matrices', () => {
    assertTensorClose(eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], { shape: [3, 3], dtype: 'float32' });
    assertTensorClose(eye(2, 3), [1, 0, 0, 0, 1, 0], { shape: [2, 3] });
    assertTensorClose(eye(3, 2), [1, 0, 0, 1, 0, 0], { shape: [3, 2] });
    assertTensorClose(eye(2, 2, 'int32'), [1, 0, 0, 1], { dtype: 'int32' });
  });
});

describe('weak typing of JavaScript numbers', () => {
  const ints = (): Tensor => tensor(new Int32Array([1, 2, 3]));

  it('an integer literal keeps an int32 tensor int32, on either side', () => {
    assertTensorClose(mul(ints(), 2), [2, 4, 6], { dtype: 'int32' });
    assertTensorClose(mul(2, ints()), [2, 4, 6], { dtype: 'int32' });
    assertTensorClose(sub(ints(), 1), [0, 1, 2], { dtype: 'int32' });
  });

  it('a fractional literal promotes int32 to float32', () => {
    assertTensorClose(mul(ints(), 2.5), [2.5, 5, 7.5], { dtype: 'float32' });
    assertTensorClose(add(0.5, ints()), [1.5, 2.5, 3.5], { dtype: 'float32' });
  });

  it('a literal never widens a float tensor', () => {
    assertTensorClose(add(tensor([1, 2]), 3), [4, 5], { dtype: 'float32' });
    if (backendSupports('float64')) {
      assertTensorClose(add(tensor(new Float64Array([1, 2])), 0.1), [1.1, 2.1], {
        dtype: 'float64',
      });
    }
  });

  it('bool + true is int32', () => {
    assertTensorClose(add(tensor([true, false]), true), [2, 1], { dtype: 'int32' });
  });

  it('division of integers is true division in float32', () => {
    assertTensorClose(div(ints(), 2), [0.5, 1, 1.5], { dtype: 'float32' });
  });

  it('two plain numbers give float32', () => {
    assertTensorClose(add(1, 2), [3], { shape: [], dtype: 'float32' });
  });
});

describe('setBackend / getBackend / withBackend', () => {
  it('setBackend changes the backend new tensors are created on', () => {
    const original = getBackend();
    const other = createCpuBackend();
    try {
      setBackend(other);
      expect(getBackend()).toBe(other);
      const t = ones([2]);
      expect(t.backend).toBe(other);
      expect(other.memory().buffers).toBe(1);
      t.dispose();
      expect(other.memory().buffers).toBe(0);
    } finally {
      setBackend(original);
    }
    expect(getBackend()).toBe(original);
    expect(ones([1]).backend).toBe(original);
  });

  it('withBackend scopes the backend to a call and returns its result', () => {
    const original = getBackend();
    const other = createCpuBackend();
    const t = withBackend(other, () => {
      expect(getBackend()).toBe(other);
      return zeros([3]);
    });
    expect(t.backend).toBe(other);
    expect(getBackend()).toBe(original);
    // Ops on tensors run on the tensors' backend even outside withBackend.
    const u = add(t, t);
    expect(u.backend).toBe(other);
    expect(Array.from(u.dataSync())).toEqual([0, 0, 0]);
  });

  it('a plain-number operand follows its tensor operand to that tensor’s backend', () => {
    // The literal is not a tensor the caller placed anywhere, so it must not pin the op to
    // the active backend.
    const other = createCpuBackend();
    const t = withBackend(other, () => zeros([3]));
    const u = add(t, 1);
    expect(u.backend).toBe(other);
    expect(Array.from(u.dataSync())).toEqual([1, 1, 1]);
  });

  it('withBackend takes precedence over setBackend', () => {
    const original = getBackend();
    const viaSet = createCpuBackend();
    const viaWith = createCpuBackend();
    try {
      setBackend(viaSet);
      withBackend(viaWith, () => expect(getBackend()).toBe(viaWith));
      expect(getBackend()).toBe(viaSet);
    } finally {
      setBackend(original);
    }
  });
});
