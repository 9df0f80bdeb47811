import { describe, expect, it } from 'vitest';
import { Pad } from './pad.js';
import { expectBatchMatchesImages, uint8, visionFixtures } from './testing-images.js';

describe('Pad', () => {
  it('adds a constant border on each side, as PyTorch', () => {
    for (const c of visionFixtures.pad) {
      const out = new Pad(c.padding, { fillValue: c.fill }).apply(uint8(c.shape, c.input));
      expect(out.shape).toEqual(c.expectedShape);
      expect(out.dtype).toBe('uint8');
      expect(Array.from(out.data)).toEqual(c.expected);
    }
  });

  it('gives the same on a batch as on each image', () => {
    expectBatchMatchesImages(new Pad([1, 2]));
  });

  it('names the transform and argument of bad padding', () => {
    expect(() => new Pad([1, 2, 3])).toThrow(/vision\.Pad: argument 'padding'/);
  });
});
