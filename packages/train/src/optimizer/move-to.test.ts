// moveTo: a tensor, a RowSparse or a tree of them on another backend, bit for bit. A second
// CPU backend instance stands in for a device: the two never share a tensor.
import { RowSparse } from '@gradkit/optim';
import { createCpuBackend, getBackend, type Tensor, tensor, withBackend } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { moveTo } from './move-to.js';

const device = () => ({ ...createCpuBackend(), name: 'device' });
const values = (t: Tensor) => Array.from(t.dataSync());

describe('moveTo', () => {
  it('returns a tensor already on the backend itself, not a copy', () => {
    const t = tensor([1, 2, 3]);
    expect(moveTo(t, getBackend())).toBe(t);
  });

  it('copies a tensor onto another backend with its shape, dtype and every bit', () => {
    const gpu = device();
    // −0 and NaN must survive: a copy through arithmetic could lose the sign of zero.
    const source = tensor([1.5, -0, Number.NaN, -2.25, 7, 1e-30], [2, 3]);
    const moved = moveTo(source, gpu);
    expect(moved).not.toBe(source);
    expect(moved.backend).toBe(gpu);
    expect(source.backend).toBe(getBackend());
    expect(moved.shape).toEqual([2, 3]);
    expect(moved.dtype).toBe(source.dtype);
    const got = values(moved);
    const want = values(source);
    expect(got.map((v) => Object.is(v, -0))).toEqual(want.map((v) => Object.is(v, -0)));
    expect(got).toEqual(want);
    // The source is untouched and still usable where it lives.
    expect(source.isDisposed).toBe(false);
  });

  it('keeps integer and boolean dtypes', () => {
    const gpu = device();
    const ints = moveTo(tensor([3, -4, 5], [3], 'int32'), gpu);
    expect(ints.dtype).toBe('int32');
    expect(values(ints)).toEqual([3, -4, 5]);
    const flags = moveTo(tensor([1, 0, 1], [3], 'bool'), gpu);
    expect(flags.dtype).toBe('bool');
    expect(values(flags)).toEqual([1, 0, 1]);
  });

  it('moves both halves of a RowSparse and keeps its dense shape', () => {
    const gpu = device();
    const grad = new RowSparse(
      [0, 2],
      tensor([
        [1, 2],
        [3, 4],
      ]),
      [4, 2],
    );
    const moved = moveTo(grad, gpu);
    expect(moved).toBeInstanceOf(RowSparse);
    expect(moved.indices.backend).toBe(gpu);
    expect(moved.values.backend).toBe(gpu);
    expect(moved.indices.dtype).toBe('int32');
    expect(values(moved.indices)).toEqual([0, 2]);
    expect(values(moved.values)).toEqual([1, 2, 3, 4]);
    expect(moved.denseShape).toEqual([4, 2]);
  });

  it('moves every tensor of a nested tree into a frozen copy and leaves other leaves as they are', () => {
    const gpu = device();
    const tree = {
      adam: { mu: tensor([1, 2]), nu: tensor([3, 4]), count: 5 },
      list: [tensor([6]), null, 'name'],
    };
    const moved = moveTo(tree, gpu);
    expect(moved).not.toBe(tree);
    expect(Object.isFrozen(moved)).toBe(true);
    expect(Object.isFrozen(moved.adam)).toBe(true);
    expect(Object.isFrozen(moved.list)).toBe(true);
    expect(Array.isArray(moved.list)).toBe(true);
    expect(moved.adam.mu.backend).toBe(gpu);
    expect(moved.adam.nu.backend).toBe(gpu);
    expect(values(moved.adam.mu)).toEqual([1, 2]);
    expect(values(moved.adam.nu)).toEqual([3, 4]);
    expect(moved.adam.count).toBe(5);
    expect((moved.list[0] as Tensor).backend).toBe(gpu);
    expect(values(moved.list[0] as Tensor)).toEqual([6]);
    expect(moved.list[1]).toBeNull();
    expect(moved.list[2]).toBe('name');
    // The original tree still holds its own tensors on the default backend.
    expect(tree.adam.mu.backend).toBe(getBackend());
  });

  it('moves back: a round trip gives the same values on the first backend', () => {
    const gpu = device();
    const there = withBackend(gpu, () => tensor([0.1, 0.2, 0.3]));
    const back = moveTo(there, getBackend());
    expect(back.backend).toBe(getBackend());
    expect(values(back)).toEqual(values(there));
  });

  it('returns plain numbers, strings, null and undefined as they are', () => {
    const gpu = device();
    expect(moveTo(3, gpu)).toBe(3);
    expect(moveTo('x', gpu)).toBe('x');
    expect(moveTo(null, gpu)).toBeNull();
    expect(moveTo(undefined, gpu)).toBeUndefined();
  });
});
