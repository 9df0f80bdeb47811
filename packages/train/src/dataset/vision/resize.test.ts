import { describe, expect, it } from 'vitest';
import { Resize } from './resize.js';
import {
  expectBatchMatchesImages,
  expectClose,
  image,
  uint8,
  visionFixtures,
} from './testing-images.js';

describe('Resize', () => {
  it('is bilinear with half-pixel centres, as PyTorch (up, mixed and down)', () => {
    for (const c of visionFixtures.resize) {
      const out = new Resize(c.size).apply(uint8(c.shape, c.input));
      expect(out.shape).toEqual([...c.size, c.shape[2]]);
      expect(out.dtype).toBe('float32');
      expectClose(out.data, c.expected, 1e-4);
    }
  });

  it('to the same size is the identity', () => {
    expect(Array.from(new Resize([3, 4]).apply(image).data)).toEqual(Array.from(image.data));
  });

  it('gives the same on a batch as on each image', () => {
    expectBatchMatchesImages(new Resize([5, 2]));
  });

  it('names the transform and argument of a bad size', () => {
    expect(() => new Resize([0, 3])).toThrow(/vision\.Resize: argument 'size'/);
  });
});
