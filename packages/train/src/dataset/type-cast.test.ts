import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { TypeCast } from './type-cast.js';
import { expectBatchMatchesImages } from './vision/testing-images.js';

describe('TypeCast', () => {
  const floats: Column = {
    dtype: 'float32',
    shape: [3],
    data: Float32Array.from([1.7, -2.5, 300]),
  };

  it('converts as a C cast: truncation, and uint8 wrapping modulo 256', () => {
    expect(Array.from(new TypeCast('int32').apply(floats).data)).toEqual([1, -2, 300]);
    expect(Array.from(new TypeCast('uint8').apply(floats).data)).toEqual([1, 254, 44]);
  });

  it('gives the same on a batch as on each image', () => {
    expectBatchMatchesImages(new TypeCast('float32'));
  });

  it('names the transform and argument of an unknown dtype', () => {
    expect(() => new TypeCast('int64' as 'int32')).toThrow(
      /transforms\.TypeCast: argument 'dtype' must be one of uint8, int32, float32/,
    );
  });
});
