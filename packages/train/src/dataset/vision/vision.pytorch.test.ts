// The vision transforms against PyTorch (fixtures/vision-transforms.json, written by
// scripts/generate_vision_fixtures.py), plus the identities they must keep.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Column } from '../column.js';
import { TypeCast } from '../type-cast.js';
import { HWC2CHW, Normalize, Pad, Rescale, Resize } from './index.js';

interface Fixtures {
  resize: { shape: number[]; input: number[]; size: [number, number]; expected: number[] }[];
  pad: {
    shape: number[];
    input: number[];
    padding: number[];
    fill: number;
    expected: number[];
    expectedShape: number[];
  }[];
  normalize: {
    shape: number[];
    input: number[];
    mean: number[];
    std: number[];
    rescaled: number[];
    expected: number[];
  }[];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../../../fixtures/vision-transforms.json', import.meta.url), 'utf8'),
) as Fixtures;

const uint8 = (shape: number[], values: number[]): Column => ({
  dtype: 'uint8',
  shape,
  data: Uint8Array.from(values),
});

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('vision transforms against PyTorch', () => {
  it('Resize is bilinear with half-pixel centres (up, mixed and down)', () => {
    for (const c of fixtures.resize) {
      const out = new Resize(c.size).apply(uint8(c.shape, c.input));
      expect(out.shape).toEqual([...c.size, c.shape[2]]);
      expect(out.dtype).toBe('float32');
      expectClose(out.data, c.expected, 1e-4);
    }
  });

  it('Pad adds a constant border on each side', () => {
    for (const c of fixtures.pad) {
      const out = new Pad(c.padding, { fillValue: c.fill }).apply(uint8(c.shape, c.input));
      expect(out.shape).toEqual(c.expectedShape);
      expect(out.dtype).toBe('uint8');
      expect(Array.from(out.data)).toEqual(c.expected);
    }
  });

  it('Rescale then Normalize match float32 arithmetic, per channel', () => {
    for (const c of fixtures.normalize) {
      const rescaled = new Rescale(1 / 255, 0).apply(uint8(c.shape, c.input));
      expectClose(rescaled.data, c.rescaled, 1e-7);
      const out = new Normalize(c.mean, c.std).apply(rescaled);
      expectClose(out.data, c.expected, 1e-5);
    }
  });
});

describe('vision transforms: identities and batches', () => {
  const image = uint8(
    [3, 4, 2],
    Array.from({ length: 24 }, (_, i) => i * 7),
  );

  it('Resize to the same size is the identity; HWC2CHW moves channels first', () => {
    expect(Array.from(new Resize([3, 4]).apply(image).data)).toEqual(Array.from(image.data));
    const chw = new HWC2CHW().apply(image);
    expect(chw.shape).toEqual([2, 3, 4]);
    // Channel 1 of pixel (y=2, x=3) is value index (2*4+3)*2+1 in HWC and 1*12+2*4+3 in CHW.
    expect(chw.data[1 * 12 + 2 * 4 + 3]).toBe(image.data[(2 * 4 + 3) * 2 + 1]);
    // Normalize with isHwc false reads the channel axis first.
    const normalized = new Normalize([0, 10], [1, 2], { isHwc: false }).apply(chw);
    expect(normalized.data[12]).toBe((chw.data[12]! - 10) / 2);
    expect(normalized.data[11]).toBe(chw.data[11]);
  });

  it('every transform gives the same result on a batch as on each image', () => {
    const batch = uint8([2, 3, 4, 2], [...image.data, ...Array.from(image.data, (v) => 255 - v)]);
    const second = uint8(
      [3, 4, 2],
      Array.from(image.data, (v) => 255 - v),
    );
    for (const transform of [
      new Resize([5, 2]),
      new Pad([1, 2]),
      new HWC2CHW(),
      new Rescale(0.5, 1),
      new Normalize([1, 2], [3, 4]),
      new TypeCast('float32'),
    ]) {
      const whole = transform.apply(batch);
      const each = [transform.apply(image), transform.apply(second)];
      expect(whole.shape).toEqual([2, ...each[0]!.shape]);
      expect(Array.from(whole.data)).toEqual([...each[0]!.data, ...each[1]!.data]);
    }
  });

  it('TypeCast converts as a C cast; bad arguments name the transform and argument', () => {
    const floats: Column = {
      dtype: 'float32',
      shape: [3],
      data: Float32Array.from([1.7, -2.5, 300]),
    };
    expect(Array.from(new TypeCast('int32').apply(floats).data)).toEqual([1, -2, 300]);
    expect(Array.from(new TypeCast('uint8').apply(floats).data)).toEqual([1, 254, 44]);
    expect(() => new TypeCast('int64' as 'int32')).toThrow(
      /transforms\.TypeCast: argument 'dtype' must be one of uint8, int32, float32/,
    );
    expect(() => new Resize([0, 3])).toThrow(/vision\.Resize: argument 'size'/);
    expect(() => new Pad([1, 2, 3])).toThrow(/vision\.Pad: argument 'padding'/);
    expect(() => new Normalize([0.5, 0.5], [1])).toThrow(/vision\.Normalize: argument 'std'/);
    expect(() => new Normalize([0.5], [0.2]).apply(image)).toThrow(/must have 1 channels/);
    expect(() => new HWC2CHW().apply(floats)).toThrow(
      /vision\.HWC2CHW: argument 'column' must be an image/,
    );
    expect(() => new Rescale(Number.NaN, 0)).toThrow(/vision\.Rescale: argument 'rescale'/);
  });
});
