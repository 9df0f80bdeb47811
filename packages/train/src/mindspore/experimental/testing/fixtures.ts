import { readFileSync } from 'node:fs';
import { tensor } from '@gradkit/tensor';
import { Parameter } from '../../../parameter/parameter.js';

/** Reads one of packages/train/fixtures/optimizers*.json. */
export function readFixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../../../../fixtures/${name}`, import.meta.url), 'utf8'),
  ) as T;
}

/** Parameters named and shaped as the fixture's, holding its float32 values. */
export function fixtureParams(
  shapes: Record<string, number[]>,
  values: Record<string, number[]>,
): Parameter[] {
  return Object.entries(shapes).map(
    ([name, shape]) => new Parameter(tensor(new Float32Array(values[name]!), shape), name),
  );
}

/** Float32 values against float32 references from torch: a few ulps plus accumulated rounding. */
export function expectValuesClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  where: string,
  tolerance = 2e-5,
): void {
  if (actual.length !== expected.length)
    throw new Error(`${where}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tolerance + tolerance * Math.abs(e))) {
      throw new Error(`${where}[${i}]: got ${a}, expected ${e}`);
    }
  }
}
