import { describe, expect, it } from 'vitest';
import { conv2dGeometry, pool2dGeometry } from './window-geometry.js';

describe('conv2dGeometry', () => {
  it('derives the per-group sizes, positions and receptive field from the shapes', () => {
    // 4 input channels in 2 groups, 6 filters of 2 x 3 x 3: each group maps 2 channels to 3.
    const g = conv2dGeometry([5, 4, 9, 8], [6, 2, 3, 3], [5, 6, 7, 6], 2);
    expect(g).toEqual({
      batch: 5,
      inChannels: 4,
      height: 9,
      width: 8,
      outChannels: 6,
      kernelHeight: 3,
      kernelWidth: 3,
      outHeight: 7,
      outWidth: 6,
      groups: 2,
      groupIn: 2,
      groupOut: 3,
      positions: 7 * 6,
      field: 2 * 3 * 3,
    });
  });

  it('multiplies back to the filter and output sizes for any grouping', () => {
    for (const groups of [1, 2, 3, 6]) {
      const g = conv2dGeometry([1, 6, 5, 5], [12, 6 / groups, 2, 3], [1, 12, 4, 3], groups);
      expect(g.groupIn * g.groups).toBe(g.inChannels);
      expect(g.groupOut * g.groups).toBe(g.outChannels);
      expect(g.outChannels * g.field).toBe(12 * (6 / groups) * 2 * 3);
    }
  });
});

describe('pool2dGeometry', () => {
  it('treats every (batch, channel) pair as one plane', () => {
    expect(pool2dGeometry([3, 4, 10, 7], [3, 4, 5, 3])).toEqual({
      planes: 12,
      height: 10,
      width: 7,
      outHeight: 5,
      outWidth: 3,
    });
  });
});
