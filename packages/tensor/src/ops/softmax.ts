import { opScope } from '../scope.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div, mul, sub } from './binary.js';
import type { TensorLike } from './convert.js';
import { type Operand, release } from './convert.js';
import { floatOperand, max, sum } from './reduce.js';
import { exp, isFinite, log } from './unary.js';
import { where } from './where.js';

/** Reports a bad axis under the caller's name (the ops inside would name themselves). */
function checkAxis(op: string, operand: Operand, axis: number): number {
  try {
    return normalizeAxis(op, axis, operand.tensor.rank);
  } catch (error) {
    release(operand);
    throw error;
  }
}

/**
 * exp(x) / sum(exp(x)) along `axis`, shifted by the maximum for stability.
 *
 * @example
 * ```ts
 * import { softmax, tensor } from '@gradkit/tensor';
 *
 * softmax(tensor([[1, 1, 2]])).toArray(); // [[0.2119..., 0.2119..., 0.5761...]]
 * softmax(tensor([[0, -Infinity, 0]])).toArray(); // [[0.5, 0, 0.5]]: -Infinity masks an entry
 * ```
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const operand = floatOperand('softmax', x);
  const dim = checkAxis('softmax', operand, axis);
  try {
    return opScope(() => {
      // An empty axis has nothing to normalise: the result is empty too (as PyTorch).
      if (operand.tensor.shape[dim] === 0) return mul(operand.tensor, 0);
      const e = exp(sub(operand.tensor, max(operand.tensor, axis, true)));
      return div(e, sum(e, axis, true));
    });
  } finally {
    release(operand);
  }
}

/**
 * x - logSumExp(x) along `axis`.
 *
 * @example
 * ```ts
 * import { logSoftmax, tensor } from '@gradkit/tensor';
 *
 * logSoftmax(tensor([[0, 0]])).toArray(); // [[-0.6931..., -0.6931...]]
 * ```
 */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const operand = floatOperand('logSoftmax', x);
  const dim = checkAxis('logSoftmax', operand, axis);
  try {
    // (x - max) - log(sum(exp(x - max))): subtracting the large shift first keeps
    // float32 precision that x - logSumExp(x) would round away.
    return opScope(() => {
      if (operand.tensor.shape[dim] === 0) return mul(operand.tensor, 0);
      const peak = max(operand.tensor, axis, true);
      const shifted = sub(operand.tensor, where(isFinite(peak), peak, 0));
      return sub(shifted, log(sum(exp(shifted), axis, true)));
    });
  } finally {
    release(operand);
  }
}
