import { ValueError } from '../errors.js';
import type { ElementwiseExpression as E } from '../fused/elementwise-expression.js';
import { fusedElementwise } from '../fused/fused-elementwise.js';
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import { opScope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { greater, less, lessEqual, mul } from './binary.js';
import { type TensorLike, toOperand } from './convert.js';
import { where } from './where.js';

// The composite activations as elementwise trees over one input: one kernel on a backend
// with the fusedElementwise capability, one tensor op per node otherwise (and under autograd).
const x0: E = { op: 'input', index: 0 };
const constant = (value: number): E => ({ op: 'constant', value });
const unary = (op: UnaryPrimitive, x: E): E => ({ op, x });
const binary = (op: BinaryPrimitive, a: E, b: E): E => ({ op, a, b });

/** x * 0.5 * (erf(x / sqrt 2) + 1). */
const GELU: E = binary(
  'mul',
  binary('mul', x0, constant(0.5)),
  binary('add', unary('erf', binary('mul', x0, constant(Math.SQRT1_2))), constant(1)),
);

/** x * 0.5 * (tanh(sqrt(2 / pi) (x + 0.044715 x^3)) + 1). */
const GELU_TANH: E = binary(
  'mul',
  binary('mul', x0, constant(0.5)),
  binary(
    'add',
    unary(
      'tanh',
      binary(
        'mul',
        binary(
          'add',
          x0,
          binary('mul', binary('mul', binary('mul', x0, x0), x0), constant(0.044715)),
        ),
        constant(Math.sqrt(2 / Math.PI)),
      ),
    ),
    constant(1),
  ),
);

/** With z = beta x: x where z > threshold, else (relu(z) + log1p(exp(-|z|))) / beta. */
function softplusExpression(beta: number, threshold: number): E {
  const z = binary('mul', x0, constant(beta));
  const relu = {
    op: 'where',
    condition: binary('lessEqual', z, constant(0)),
    a: constant(0),
    b: z,
  } as const;
  const smooth = binary(
    'div',
    binary('add', relu, unary('log1p', unary('exp', binary('mul', unary('abs', z), constant(-1))))),
    constant(beta),
  );
  return { op: 'where', condition: binary('greater', z, constant(threshold)), a: x0, b: smooth };
}

/**
 * x * x.
 *
 * @example
 * ```ts
 * import { square, tensor } from '@gradkit/tensor';
 * square(tensor([-3, 2])).toArray(); // [9, 4]
 * ```
 */
export function square(x: TensorLike): Tensor {
  return opScope(() => mul(x, x));
}

/**
 * max(x, 0). Written as a select so that its derivative at 0 is 0 and NaN stays NaN, as in
 * PyTorch.
 *
 * @example
 * ```ts
 * import { relu, tensor } from '@gradkit/tensor';
 * relu(tensor([-1, 0, 2])).toArray(); // [0, 0, 2]
 * ```
 */
export function relu(x: TensorLike): Tensor {
  return opScope(() => where(lessEqual(x, 0), 0, x));
}

/**
 * x for x > 0, alpha * x otherwise (PyTorch's negative_slope, default 0.01).
 *
 * @example
 * ```ts
 * import { leakyRelu, tensor } from '@gradkit/tensor';
 * leakyRelu(tensor([-1, 2]), 0.1).toArray(); // [-0.1, 2]
 * ```
 */
export function leakyRelu(x: TensorLike, alpha = 0.01): Tensor {
  if (!Number.isFinite(alpha))
    throw new ValueError('leakyRelu', 'alpha', `must be a finite number, got ${alpha}`);
  return opScope(() => where(greater(x, 0), x, mul(x, alpha)));
}

/**
 * Gaussian error linear unit. `approximate: 'none'` (default) is x * Phi(x) with the exact
 * erf; `'tanh'` is the tanh approximation, as PyTorch's `gelu(approximate=...)`.
 *
 * @example
 * ```ts
 * import { gelu, tensor } from '@gradkit/tensor';
 * gelu(tensor([0, 1]), { approximate: 'tanh' });
 * ```
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
  return opScope(() => {
    const input = toOperand('gelu', 'x', x).tensor;
    return fusedElementwise(approximate === 'none' ? GELU : GELU_TANH, [input]);
  });
}

/**
 * log(1 + exp(beta * x)) / beta, linear above `threshold` as PyTorch's softplus
 * (beta 1, threshold 20). Computed as relu(z) + log1p(exp(-|z|)) so it never overflows.
 *
 * @example
 * ```ts
 * import { softplus, tensor } from '@gradkit/tensor';
 * softplus(tensor([0])).toArray(); // [0.6931...]
 * ```
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
  return opScope(() => {
    const input = toOperand('softplus', 'x', x).tensor;
    return fusedElementwise(softplusExpression(beta, threshold), [input]);
  });
}

/**
 * Limits values to [min, max] (either bound may be undefined). The derivative is 1 on the
 * closed interval, as PyTorch's clamp; NaN stays NaN.
 *
 * @example
 * ```ts
 * import { clip, tensor } from '@gradkit/tensor';
 * clip(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 * ```
 */
export function clip(x: TensorLike, minValue?: TensorLike, maxValue?: TensorLike): Tensor {
  if (minValue === undefined && maxValue === undefined) {
    throw new ValueError('clip', 'min', 'and max cannot both be undefined');
  }
  return opScope(() => {
    let result: TensorLike = x;
    if (minValue !== undefined) result = where(less(result, minValue), minValue, result);
    if (maxValue !== undefined) result = where(greater(result, maxValue), maxValue, result);
    return result as Tensor;
  });
}
