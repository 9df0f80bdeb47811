import { memory, scalar, tensor, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from './parameter.js';
import { ParameterTuple } from './parameter-tuple.js';

describe('Parameter', () => {
  it('holds a named value and keeps the name on assignment, disposing the old tensor', () => {
    const first = tensor([1, 2]);
    const w = new Parameter(first, 'w');
    expect(w.name).toBe('w');
    expect(w.requiresGrad).toBe(true);
    const second = tensor([3, 4]);
    w.value = second;
    expect(w.name).toBe('w');
    expect(w.value).toBe(second);
    expect(first.isDisposed).toBe(true);
    const third = tensor([5, 6]);
    w.assign(third, { dispose: false });
    expect(second.isDisposed).toBe(false);
    expect(w.value.toArray()).toEqual([5, 6]);
  });

  it('does not dispose when the same tensor is assigned again', () => {
    const t = scalar(1);
    const p = new Parameter(t);
    p.assign(t);
    expect(t.isDisposed).toBe(false);
    expect(p.name).toBe('Parameter');
  });

  it('rejects non-tensors and disposed tensors', () => {
    expect(() => new Parameter([1, 2] as never)).toThrow(/must be a Tensor, got an array/);
    const dead = zeros([2]);
    dead.dispose();
    expect(() => new Parameter(dead)).toThrow(/disposed/);
  });

  it('reads the bound value while bound and applies an assignment made while bound at unbind', () => {
    const stored = tensor([1]);
    const p = new Parameter(stored, 'p');
    const traced = tensor([2]);
    p.bind(traced);
    expect(p.value).toBe(traced);
    const updated = tensor([3]);
    p.assign(updated);
    expect(p.value).toBe(updated);
    expect(stored.isDisposed).toBe(false);
    p.unbind();
    expect(p.value).toBe(updated);
    expect(stored.isDisposed).toBe(true);
  });

  it('frees nothing extra over many assignments', () => {
    const p = new Parameter(zeros([4]));
    const before = memory().tensors;
    for (let i = 0; i < 50; i++) p.assign(zeros([4]));
    expect(memory().tensors).toBe(before);
  });
});

describe('ParameterTuple', () => {
  it('is an array of distinct parameters', () => {
    const a = new Parameter(zeros([1]), 'a');
    const b = new Parameter(zeros([1]), 'b');
    const tuple = new ParameterTuple([a, b]);
    expect(Array.isArray(tuple)).toBe(true);
    expect(tuple.length).toBe(2);
    expect(tuple.map((p) => p.name)).toEqual(['a', 'b']);
    expect(Object.isFrozen(tuple)).toBe(true);
    expect(() => new ParameterTuple([a, a])).toThrow(/repeats the parameter 'a'/);
    expect(() => new ParameterTuple([a, 3 as never])).toThrow(/params\[1\]/);
  });
});
