import type { Tensor } from '../../tensor.js';
import type { Tolerance } from '../close.js';
import type { ValueKind } from './seeded-values.js';

/** A float input of a seeded case: its shape and how its values are drawn. */
export interface FloatInput {
  readonly shape: readonly number[];
  readonly kind: ValueKind;
}

/** An int32 index input of a seeded case: its shape and the exclusive bound of its values. */
export interface IndexInput {
  readonly shape: readonly number[];
  readonly indicesBelow: number;
}

/**
 * One op on seeded random inputs. Float inputs are float32 on the backend under test and
 * float64 (the same values) on the reference; `run` must work on either.
 */
export interface SeededCase {
  readonly name: string;
  readonly inputs: readonly (FloatInput | IndexInput)[];
  readonly run: (inputs: readonly Tensor[]) => Tensor | readonly Tensor[];
  /** Looser than the float32 default where float32 accumulation order legitimately differs. */
  readonly tolerance?: Tolerance;
}

/** For sums of many terms (matmul, conv2d, long reductions), whose float32 rounding varies. */
export const ACCUMULATED: Tolerance = { rtol: 1e-4, atol: 1e-4 };

/** Shorthand for a float input. */
export function floats(shape: readonly number[], kind: ValueKind = 'any'): FloatInput {
  return { shape, kind };
}

/** Shorthand for an int32 index input. */
export function indices(shape: readonly number[], indicesBelow: number): IndexInput {
  return { shape, indicesBelow };
}

/** The tensor at `index`, which the case must give. */
export function at(inputs: readonly Tensor[], index: number): Tensor {
  const t = inputs[index];
  if (t === undefined) throw new Error(`seeded case has no input #${index}`);
  return t;
}

/** `[a, b, c]` for names. */
export function shapeName(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
