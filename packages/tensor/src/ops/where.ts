import { promoteTypes } from '../dtype.js';
import { runPrimitive } from '../engine.js';
import { DTypeError } from '../errors.js';
import { opScope } from '../scope.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { binaryOperands } from './binary.js';
import { castOperand, release, type TensorLike, toOperand } from './convert.js';

/**
 * Picks `a` where `condition` is true and `b` elsewhere; all three broadcast.
 *
 * @example
 * ```ts
 * import { greater, tensor, where } from '@gradkit/tensor';
 *
 * const x = tensor([-1, 2, -3]);
 * where(greater(x, 0), x, 0).toArray(); // [0, 2, 0]
 * ```
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  return opScope(() => whereInScope(condition, a, b));
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function whereInScope(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const op = 'where';
  const cond = toOperand(op, 'condition', condition);
  if (cond.tensor.dtype !== 'bool') {
    release(cond);
    throw new DTypeError(op, 'condition', `must be a bool tensor, got ${cond.tensor.dtype}`);
  }
  let [first, second, common] = binaryOperands(op, a, b);
  common = promoteTypes(first.tensor.dtype, second.tensor.dtype);
  let shape: readonly number[];
  try {
    shape = broadcastShapes(
      op,
      [cond.tensor.shape, first.tensor.shape, second.tensor.shape],
      ['condition', 'a', 'b'],
    );
  } catch (error) {
    release(cond, first, second);
    throw error;
  }
  first = castOperand(first, common);
  second = castOperand(second, common);
  const result = runPrimitive(
    'where',
    [cond.tensor, first.tensor, second.tensor],
    {},
    { shape, dtype: common },
    ['condition', 'a', 'b'],
  );
  release(cond, first, second);
  return result;
}
