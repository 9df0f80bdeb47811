import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { div, sub } from './binary.js';
import type { TensorLike } from './convert.js';
import { release } from './convert.js';
import { floatOperand, max, sum } from './reduce.js';
import { logSumExp } from './statistics.js';
import { exp } from './unary.js';

/** exp(x) / sum(exp(x)) along `axis`, shifted by the maximum for stability. */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const operand = floatOperand('softmax', x);
  try {
    return scope(() => {
      const e = exp(sub(operand.tensor, max(operand.tensor, axis, true)));
      return div(e, sum(e, axis, true));
    });
  } finally {
    release(operand);
  }
}

/** x - logSumExp(x) along `axis`. */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const operand = floatOperand('logSoftmax', x);
  try {
    return scope(() => sub(operand.tensor, logSumExp(operand.tensor, axis, true)));
  } finally {
    release(operand);
  }
}
