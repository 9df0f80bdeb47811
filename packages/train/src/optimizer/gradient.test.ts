// What every front end reads a gradient's shape with: a dense tensor's own shape, a
// RowSparse's dense shape (not the shape of its few rows), nothing for anything else.
import { RowSparse } from '@gradkit/optim';
import { tensor, zeros } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { gradientShape, sameShape } from './gradient.js';

describe('gradientShape', () => {
  it("is a dense tensor's shape", () => {
    expect(gradientShape(zeros([2, 3, 4]))).toEqual([2, 3, 4]);
    expect(gradientShape(tensor(5))).toEqual([]);
  });

  it('is the dense shape of a RowSparse, not the shape of its rows', () => {
    // Two rows of a [6, 3] table: the values are [2, 3], the gradient stands for [6, 3].
    const grad = new RowSparse([1, 4], zeros([2, 3]), [6, 3]);
    expect(grad.values.shape).toEqual([2, 3]);
    expect(gradientShape(grad)).toEqual([6, 3]);
  });

  it('is undefined for what is no gradient', () => {
    for (const value of [undefined, null, 3, 'w', [1, 2], { shape: [2] }, [tensor([1])]]) {
      expect(gradientShape(value)).toBeUndefined();
    }
  });
});

describe('sameShape', () => {
  it('holds for equal shapes, scalars included', () => {
    expect(sameShape([], [])).toBe(true);
    expect(sameShape([2, 3], [2, 3])).toBe(true);
  });

  it('fails on any one dimension or on the rank', () => {
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([2, 3], [2, 4])).toBe(false);
    // Same leading dimensions, one more axis: a prefix is not the same shape, either way round.
    expect(sameShape([2, 3], [2, 3, 1])).toBe(false);
    expect(sameShape([2, 3, 1], [2, 3])).toBe(false);
    expect(sameShape([], [1])).toBe(false);
  });
});
