import { describe, expect, it } from 'vitest';
import { HWC2CHW } from './hwc2chw.js';
import { Normalize } from './normalize.js';
import { expectBatchMatchesImages, expectClose, image, visionFixtures } from './testing-images.js';

describe('Normalize', () => {
  it('matches float32 arithmetic per channel, as PyTorch', () => {
    for (const c of visionFixtures.normalize) {
      const rescaled = {
        dtype: 'float32' as const,
        shape: c.shape,
        data: Float32Array.from(c.rescaled),
      };
      const out = new Normalize(c.mean, c.std).apply(rescaled);
      expectClose(out.data, c.expected, 1e-5);
    }
  });

  it('reads the channel axis first with isHwc false', () => {
    const chw = new HWC2CHW().apply(image);
    const normalized = new Normalize([0, 10], [1, 2], { isHwc: false }).apply(chw);
    expect(normalized.data[12]).toBe((chw.data[12]! - 10) / 2);
    expect(normalized.data[11]).toBe(chw.data[11]);
  });

  it('gives the same on a batch as on each image', () => {
    expectBatchMatchesImages(new Normalize([1, 2], [3, 4]));
  });

  it('names the transform and argument of a bad std or channel count', () => {
    expect(() => new Normalize([0.5, 0.5], [1])).toThrow(/vision\.Normalize: argument 'std'/);
    expect(() => new Normalize([0.5], [0.2]).apply(image)).toThrow(/must have 1 channels/);
  });
});
