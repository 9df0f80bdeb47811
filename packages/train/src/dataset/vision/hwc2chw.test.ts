import { describe, expect, it } from 'vitest';
import type { Column } from '../column.js';
import { HWC2CHW } from './hwc2chw.js';
import { expectBatchMatchesImages, image } from './testing-images.js';

describe('HWC2CHW', () => {
  it('moves the channel axis first', () => {
    const chw = new HWC2CHW().apply(image);
    expect(chw.shape).toEqual([2, 3, 4]);
    // Every value moves from (y, x, c) in HWC to (c, y, x) in CHW.
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        for (let c = 0; c < 2; c++) {
          expect(chw.data[c * 12 + y * 4 + x]).toBe(image.data[(y * 4 + x) * 2 + c]);
        }
      }
    }
  });

  it('gives the same on a batch as on each image', () => {
    expectBatchMatchesImages(new HWC2CHW());
  });

  it('names the transform and argument of a column that is no image', () => {
    const vector: Column = { dtype: 'float32', shape: [3], data: new Float32Array(3) };
    expect(() => new HWC2CHW().apply(vector)).toThrow(
      /vision\.HWC2CHW: argument 'column' must be an image/,
    );
  });
});
