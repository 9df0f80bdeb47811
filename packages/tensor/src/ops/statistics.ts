import { ValueError } from '../errors.js';
import { opScope } from '../scope.js';
import { normalizeAxes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, mul, notEqual, pow, sub } from './binary.js';
import { type Operand, release, type TensorLike } from './convert.js';
import { type Axis, floatOperand, max, min, sum } from './reduce.js';
import { squeeze } from './reshape.js';
import { abs, exp, isFinite, log } from './unary.js';
import { where } from './where.js';

function withFloat<R>(op: string, x: TensorLike, axis: Axis, fn: (x: Tensor) => R): R {
  const operand: Operand = floatOperand(op, x);
  try {
    // Validate the axis under this op's name before inner ops would report it as theirs.
    normalizeAxes(op, axis, operand.tensor.rank);
    return fn(operand.tensor);
  } finally {
    release(operand);
  }
}

function countOf(x: Tensor, axis: Axis, op: string): number {
  return normalizeAxes(op, axis, x.rank).reduce((n, a) => n * x.shape[a]!, 1);
}

/**
 * Arithmetic mean over `axis`; integers are averaged as float32.
 *
 * @example
 * ```ts
 * import { mean, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * mean(x).item(); // 2.5
 * mean(x, 0).toArray(); // [2, 3]
 * ```
 */
export function mean(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return withFloat('mean', x, axis, (t) =>
    opScope(() => div(sum(t, axis, keepdims), countOf(t, axis, 'mean'))),
  );
}

/**
 * Variance over `axis`: mean of squared deviations divided by (count - correction).
 * `correction` defaults to 0 as NumPy's `ddof`; use 1 for PyTorch's unbiased default.
 *
 * @example
 * ```ts
 * import { tensor, variance } from '@gradkit/tensor';
 *
 * variance(tensor([1, 2, 3, 4])).item(); // 1.25
 * variance(tensor([1, 2, 3, 4]), undefined, false, { correction: 1 }).item(); // 1.6666...
 * ```
 */
export function variance(
  x: TensorLike,
  axis?: Axis,
  keepdims = false,
  options: { correction?: number } = {},
): Tensor {
  const correction = options.correction ?? 0;
  if (!Number.isFinite(correction) || correction < 0) {
    throw new ValueError(
      'variance',
      'correction',
      `must be a non-negative number, got ${correction}`,
    );
  }
  return withFloat('variance', x, axis, (t) =>
    opScope(() => {
      const count = countOf(t, axis, 'variance');
      const centered = sub(t, div(sum(t, axis, true), count));
      return div(sum(mul(centered, centered), axis, keepdims), Math.max(count - correction, 0));
    }),
  );
}

/**
 * Vector p-norm over `axis` (all elements by default): (sum |x|^ord)^(1/ord);
 * `ord` Infinity / -Infinity give max / min of |x|. The default ord 2 is the Frobenius
 * norm over several axes.
 *
 * @example
 * ```ts
 * import { norm, tensor } from '@gradkit/tensor';
 *
 * norm(tensor([3, 4])).item(); // 5
 * norm(tensor([3, -4]), undefined, false, { ord: Infinity }).item(); // 4
 * ```
 */
export function norm(
  x: TensorLike,
  axis?: Axis,
  keepdims = false,
  options: { ord?: number } = {},
): Tensor {
  const ord = options.ord ?? 2;
  if (typeof ord !== 'number' || Number.isNaN(ord)) {
    throw new ValueError(
      'norm',
      'ord',
      `must be a number (including Infinity), got ${String(ord)}`,
    );
  }
  return withFloat('norm', x, axis, (t) =>
    opScope(() => {
      const magnitude = abs(t);
      if (ord === Number.POSITIVE_INFINITY) return max(magnitude, axis, keepdims);
      if (ord === Number.NEGATIVE_INFINITY) return min(magnitude, axis, keepdims);
      if (ord === 0) return sum(where(notEqual(t, 0), 1, 0), axis, keepdims);
      if (ord === 1) return sum(magnitude, axis, keepdims);
      if (ord === 2) return pow(sum(mul(t, t), axis, keepdims), 0.5);
      return pow(sum(pow(magnitude, ord), axis, keepdims), 1 / ord);
    }),
  );
}

/**
 * log(sum(exp(x))) over `axis`, computed stably by shifting by the maximum.
 *
 * @example
 * ```ts
 * import { logSumExp, tensor } from '@gradkit/tensor';
 *
 * logSumExp(tensor([1000, 1000])).item(); // 1000.6931...
 * logSumExp(tensor([0, -Infinity])).item(); // 0: a masked -Infinity entry adds nothing
 * ```
 */
export function logSumExp(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  return withFloat('logSumExp', x, axis, (t) =>
    opScope(() => {
      // Over an empty axis the sum of no terms is 0 and its log -Infinity (as PyTorch);
      // there is no maximum to shift by.
      if (countOf(t, axis, 'logSumExp') === 0) return log(sum(exp(t), axis, keepdims));
      const peak = max(t, axis, true);
      // An all -Infinity slice would give -inf - -inf = NaN; shift by 0 there instead.
      const shift = where(isFinite(peak), peak, 0);
      const result = add(log(sum(exp(sub(t, shift)), axis, true)), shift);
      return keepdims ? result : squeeze(result, normalizeAxes('logSumExp', axis, t.rank));
    }),
  );
}
