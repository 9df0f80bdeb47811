// Shared generators and references of the reduction and matmul property tests.
import fc from 'fast-check';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { backendSupports } from './index.js';
import { type ReferenceShape, ravel, sizeOf, unravel } from './reference-indexing.js';
export const RUNS = { numRuns: 60 };

export type Shape = ReferenceShape;

export function valuesOf(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

export function precise(): DType {
  return backendSupports('float64') ? 'float64' : 'float32';
}

/** Loose tolerances at float32, tight ones at float64. */
export function tolerance(dtype: DType, scale = 1): { rtol: number; atol: number } {
  return dtype === 'float64'
    ? { rtol: 1e-9, atol: 1e-9 * scale }
    : { rtol: 1e-4, atol: 1e-4 * scale };
}

/**
 * Groups the elements of `values` (of `shape`) by their position outside `axes` and folds
 * each group with `fold`; returns the kept-dims shape and the folded values, row-major.
 */
export function referenceReduce(
  values: readonly number[],
  shape: Shape,
  axes: readonly number[],
  fold: (group: number[]) => number,
): { shape: number[]; values: number[] } {
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOf(keptShape) }, () => []);
  for (let flat = 0; flat < values.length; flat++) {
    const index = unravel(flat, shape).map((j, i) => (axes.includes(i) ? 0 : j));
    groups[ravel(index, keptShape)]!.push(values[flat]!);
  }
  return { shape: keptShape, values: groups.map(fold) };
}

export const total = (g: number[]): number => g.reduce((s, v) => s + v, 0);
export const largest = (g: number[]): number =>
  g.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);

export interface Sample {
  readonly shape: number[];
  readonly values: number[];
}

export const dim = fc.integer({ min: 1, max: 4 });
export const shapeArb = (minLength = 0): fc.Arbitrary<number[]> =>
  fc.array(dim, { minLength, maxLength: 4 });

export function sampleOf(
  shapes: fc.Arbitrary<number[]>,
  element: fc.Arbitrary<number>,
): fc.Arbitrary<Sample> {
  return shapes.chain((shape) =>
    fc
      .array(element, { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
      .map((values) => ({ shape, values })),
  );
}

export const smallInt = fc.integer({ min: -9, max: 9 });
// -0 is mapped to 0 so that sign-of-zero details never decide a comparison.
export const real = fc.double({ min: -10, max: 10, noNaN: true }).map((v) => (v === 0 ? 0 : v));

/** A sample plus a subset of its axes, each written either non-negative or negative. */
export function withAxes(
  samples: fc.Arbitrary<Sample>,
): fc.Arbitrary<[Sample, number[], number[]]> {
  return samples.chain((s) => {
    const rank = s.shape.length;
    return fc
      .tuple(
        fc.subarray(Array.from({ length: rank }, (_, i) => i)),
        fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
      )
      .map(([axes, negative]): [Sample, number[], number[]] => [
        s,
        axes,
        axes.map((a) => (negative[a] ? a - rank : a)),
      ]);
  });
}

/** A sample with at least one axis, and one axis of it (maybe negative). */
export function withAxis(samples: fc.Arbitrary<Sample>): fc.Arbitrary<[Sample, number, number]> {
  return samples.chain((s) =>
    fc
      .tuple(fc.nat({ max: s.shape.length - 1 }), fc.boolean())
      .map(([a, negative]): [Sample, number, number] => [s, a, negative ? a - s.shape.length : a]),
  );
}
