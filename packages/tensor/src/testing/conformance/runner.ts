import type { Tensor } from '../../tensor.js';
import type { Params } from './fixture-format.js';

/** Runs one fixture case's op on its input tensors and params. */
export type Runner = (inputs: readonly Tensor[], p: Params) => Tensor | Tensor[];

/** The case's input `index`, which the fixture must hold. */
export function input(inputs: readonly Tensor[], index: number): Tensor {
  const t = inputs[index];
  if (t === undefined) throw new Error(`fixture has no input #${index}`);
  return t;
}
