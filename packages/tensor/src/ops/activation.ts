import { ValueError } from '../errors.js';
import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { add, div, greater, less, lessEqual, mul } from './binary.js';
import type { TensorLike } from './convert.js';
import { abs, erf, exp, log1p, tanh } from './unary.js';
import { where } from './where.js';

/** x * x. */
export function square(x: TensorLike): Tensor {
  return scope(() => mul(x, x));
}

/**
 * max(x, 0). Written as a select so that its derivative at 0 is 0 and NaN stays NaN, as in
 * PyTorch.
 */
export function relu(x: TensorLike): Tensor {
  return scope(() => where(lessEqual(x, 0), 0, x));
}

/** x for x > 0, alpha * x otherwise (PyTorch's negative_slope, default 0.01). */
export function leakyRelu(x: TensorLike, alpha = 0.01): Tensor {
  if (!Number.isFinite(alpha))
    throw new ValueError('leakyRelu', 'alpha', `must be a finite number, got ${alpha}`);
  return scope(() => where(greater(x, 0), x, mul(x, alpha)));
}

/**
 * Gaussian error linear unit. `approximate: 'none'` (default) is x * Phi(x) with the exact
 * erf; `'tanh'` is the tanh approximation, as PyTorch's `gelu(approximate=...)`.
 */
export function gelu(x: TensorLike, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new ValueError(
      'gelu',
      'approximate',
      `must be 'none' or 'tanh', got ${String(approximate)}`,
    );
  }
  return scope(() => {
    if (approximate === 'none') return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
    const cube = mul(mul(x, x), x);
    const inner = mul(add(x, mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  });
}

/**
 * log(1 + exp(beta * x)) / beta, linear above `threshold` as PyTorch's softplus
 * (beta 1, threshold 20). Computed as relu(z) + log1p(exp(-|z|)) so it never overflows.
 */
export function softplus(
  x: TensorLike,
  options: { beta?: number; threshold?: number } = {},
): Tensor {
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  if (!Number.isFinite(beta) || beta <= 0)
    throw new ValueError('softplus', 'beta', `must be a positive number, got ${beta}`);
  if (Number.isNaN(threshold))
    throw new ValueError('softplus', 'threshold', 'must be a number, got NaN');
  return scope(() => {
    const z = mul(x, beta);
    const smooth = div(add(relu(z), log1p(exp(mul(abs(z), -1)))), beta);
    return where(greater(z, threshold), x, smooth);
  });
}

/**
 * Limits values to [min, max] (either bound may be undefined). The derivative is 1 on the
 * closed interval, as PyTorch's clamp; NaN stays NaN.
 */
export function clip(x: TensorLike, minValue?: TensorLike, maxValue?: TensorLike): Tensor {
  if (minValue === undefined && maxValue === undefined) {
    throw new ValueError('clip', 'min', 'and max cannot both be undefined');
  }
  return scope(() => {
    let result: TensorLike = x;
    if (minValue !== undefined) result = where(less(result, minValue), minValue, result);
    if (maxValue !== undefined) result = where(greater(result, maxValue), maxValue, result);
    return result as Tensor;
  });
}
