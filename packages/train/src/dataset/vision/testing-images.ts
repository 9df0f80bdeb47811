// What the vision transforms' tests share: the PyTorch reference values
// (fixtures/vision-transforms.json, written by scripts/generate_vision_fixtures.py), a small
// image and its batch, and the closeness and batch checks.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Column } from '../column.js';
import type { Transform } from '../transform.js';

interface VisionFixtures {
  readonly resize: readonly {
    shape: number[];
    input: number[];
    size: [number, number];
    expected: number[];
  }[];
  readonly pad: readonly {
    shape: number[];
    input: number[];
    padding: number[];
    fill: number;
    expected: number[];
    expectedShape: number[];
  }[];
  readonly normalize: readonly {
    shape: number[];
    input: number[];
    mean: number[];
    std: number[];
    rescaled: number[];
    expected: number[];
  }[];
}

/** The PyTorch reference cases of Resize, Pad, and Rescale + Normalize. */
export const visionFixtures = JSON.parse(
  readFileSync(new URL('../../../fixtures/vision-transforms.json', import.meta.url), 'utf8'),
) as VisionFixtures;

/** A uint8 column of `shape`. */
export function uint8(shape: number[], values: ArrayLike<number>): Column {
  return { dtype: 'uint8', shape, data: Uint8Array.from(values) };
}

/** A 3 x 4 image of 2 channels (HWC), every value distinct. */
export const image = uint8(
  [3, 4, 2],
  Array.from({ length: 24 }, (_, i) => i * 7),
);

/** Fails unless every element is within `tolerance` of the reference. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance: number,
): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  expect(worst).toBeLessThanOrEqual(tolerance);
}

/** Fails unless `transform` gives the same on a batch of two images as on each alone. */
export function expectBatchMatchesImages(transform: Transform): void {
  const second = uint8(
    image.shape as number[],
    Array.from(image.data, (v) => 255 - v),
  );
  const batch = uint8([2, ...image.shape], [...image.data, ...second.data]);
  const whole = transform.apply(batch);
  const each = [transform.apply(image), transform.apply(second)];
  expect(whole.shape).toEqual([2, ...each[0]!.shape]);
  expect(Array.from(whole.data)).toEqual([...each[0]!.data, ...each[1]!.data]);
}
