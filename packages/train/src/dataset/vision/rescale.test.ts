import { describe, expect, it } from 'vitest';
import { Rescale } from './rescale.js';
import { expectBatchMatchesImages, expectClose, uint8, visionFixtures } from './testing-images.js';

describe('Rescale', () => {
  it('matches float32 arithmetic (PyTorch ToTensor) for 1 / 255', () => {
    for (const c of visionFixtures.normalize) {
      const out = new Rescale(1 / 255, 0).apply(uint8(c.shape, c.input));
      expect(out.dtype).toBe('float32');
      expectClose(out.data, c.rescaled, 1e-7);
    }
  });

  it('gives the same on a batch as on each image', () => {
    expectBatchMatchesImages(new Rescale(0.5, 1));
  });

  it('names the transform and argument of a non-finite scale', () => {
    expect(() => new Rescale(Number.NaN, 0)).toThrow(/vision\.Rescale: argument 'rescale'/);
  });
});
