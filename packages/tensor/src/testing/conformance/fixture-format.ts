// The shape of fixtures/ops.json (written by scripts/generate_fixtures.py) and how its
// values become numbers and tensors.
import fixtureFile from '../../../fixtures/ops.json' with { type: 'json' };
import { tensor } from '../../creation.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';

/** A JSON number, or "NaN" / "Infinity" / "-Infinity", which JSON cannot write as numbers. */
export type FixtureNumber = number | string;

/** A tensor as the fixture file writes it. */
export interface TensorFixture {
  readonly values: readonly FixtureNumber[];
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A case's op params, as written (numbers possibly as strings). */
export type Params = Readonly<Record<string, unknown>>;

/** One fixture case: an op, its inputs and params, and its expected output(s). */
export interface OpCase {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly TensorFixture[];
  readonly params: Params;
  readonly expected: TensorFixture | readonly TensorFixture[];
}

/** Every case of the fixture file. */
export const fixtureCases = (fixtureFile as unknown as { readonly cases: readonly OpCase[] }).cases;

export function decodeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  throw new Error(`fixture value ${JSON.stringify(value)} is not a number`);
}

export function decodeValues(values: readonly FixtureNumber[]): number[] {
  return values.map(decodeNumber);
}

export function toTensor(fixture: TensorFixture): Tensor {
  return tensor(decodeValues(fixture.values), fixture.shape, fixture.dtype);
}
