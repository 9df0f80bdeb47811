import { adoptOutputOf, findDonor, runCapability, settleDonationsOutsideOps } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { composeChecked } from './compose-elementwise.js';
import { checkElementwiseCall, type ElementwiseExpression } from './elementwise-expression.js';
import { fusedKernelFor } from './fused-kernel.js';

/**
 * Evaluates a tree of elementwise ops over broadcast inputs (see `ElementwiseExpression`).
 * Runs it as one kernel, without intermediate buffers, when the backend offers the
 * `fusedElementwise` capability, the result is float32, the tree is within the capability's
 * limits and no gradient is being recorded; otherwise composes one tensor op per node
 * (`composeElementwise`), which is the reference and what autograd differentiates.
 * The result has the broadcast shape of all inputs and is float64 when an input is float64,
 * float32 otherwise.
 *
 * @example
 * ```ts
 * import { type ElementwiseExpression, fusedElementwise, tensor } from '@gradkit/tensor';
 *
 * // relu(x) written as where(x > 0, x, 0), one kernel on a backend that fuses
 * const x = { op: 'input', index: 0 } as const;
 * const expression: ElementwiseExpression = {
 *   op: 'where',
 *   condition: { op: 'greater', a: x, b: { op: 'constant', value: 0 } },
 *   a: x,
 *   b: { op: 'constant', value: 0 },
 * };
 * fusedElementwise(expression, [tensor([-1, 2])]).toArray(); // [0, 2]
 * ```
 */
export function fusedElementwise(
  expression: ElementwiseExpression,
  inputs: readonly Tensor[],
): Tensor {
  const op = 'fusedElementwise';
  const { shape, dtype, nodes } = checkElementwiseCall(op, expression, inputs);
  const fused = fusedKernelFor('fusedElementwise', inputs, dtype, nodes);
  if (fused === undefined) return composeChecked(expression, inputs, shape, dtype);
  const { first, kernel } = fused;
  const output = { shape, dtype } as const;
  const donor = findDonor(op, inputs, output, true);
  const target = donor === undefined ? output : { shape, dtype, into: donor.buffer.dataId };
  const dataId = runCapability(op, inputs, (...infos) => kernel(infos, expression, target));
  const result = adoptOutputOf(op, first.backend, dataId, output, donor);
  settleDonationsOutsideOps();
  return result;
}
