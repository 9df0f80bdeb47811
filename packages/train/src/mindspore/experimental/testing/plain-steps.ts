import { type Tensor, tensor } from '@gradkit/tensor';
import { Parameter } from '../../../parameter/parameter.js';

/** The starting parameter of the optimizer classes' own tests. */
export const START: readonly number[] = [0.5, -1.5, 2];

/**
 * Runs an optimizer made by `make` over one parameter from {@link START}, one step per row of
 * `grads`, and returns the parameter's values: what the tests compare with each class's
 * formula written out in plain numbers.
 */
export function runSteps(
  make: (params: Parameter[]) => (gradients: Tensor[]) => unknown,
  grads: readonly (readonly number[])[],
): number[] {
  const w = new Parameter(tensor([...START]), 'w');
  const step = make([w]);
  for (const g of grads) step([tensor([...g])]);
  return Array.from(w.value.dataSync());
}
