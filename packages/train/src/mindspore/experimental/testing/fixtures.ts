import { readFileSync } from 'node:fs';
import { tensor } from '@gradkit/tensor';
import { Parameter } from '../../../parameter/parameter.js';

/** One optimizer's case of a trajectory fixture: its options, the second group's and the values. */
export interface TrajectoryCase {
  readonly name: string;
  readonly options: Record<string, unknown>;
  readonly group2: Record<string, unknown>;
  readonly trajectory: Record<string, number[]>[];
}

/**
 * A trajectory fixture written with torch: the parameters, the gradient of each step and the
 * parameter whose gradient is null at `nullStep`, then the cases.
 */
export interface TrajectoryFixtures<Case extends TrajectoryCase> {
  readonly torch: string;
  readonly shapes: Record<string, number[]>;
  readonly params: Record<string, number[]>;
  readonly grads: Record<string, number[]>[];
  readonly nullStep: number;
  readonly nullParam: string;
  readonly cases: Case[];
}

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
