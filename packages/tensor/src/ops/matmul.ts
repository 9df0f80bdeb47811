import { runPrimitive, view } from '../engine.js';
import { DTypeError, ShapeError } from '../errors.js';
import { opScope } from '../scope.js';
import { broadcastShapes, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { binaryOperands } from './binary.js';
import { castOperand, release, type TensorLike } from './convert.js';

/**
 * Matrix product with NumPy's rules: [..., M, K] x [..., K, N] -> [..., M, N] with batch
 * dimensions broadcast; a 1-D first operand is a row vector and a 1-D second operand a
 * column vector, and the added axis is removed from the result.
 *
 * @example
 * ```ts
 * import { matmul, tensor } from '@gradkit/tensor';
 *
 * const a = tensor([[1, 2], [3, 4]]);
 * matmul(a, tensor([[1], [1]])).toArray(); // [[3], [7]]
 * matmul(a, tensor([1, 0])).shape; // [2]
 * ```
 */
export function matmul(
  a: TensorLike,
  b: TensorLike,
  options: { transposeA?: boolean; transposeB?: boolean } = {},
): Tensor {
  return opScope(() => matmulInScope(a, b, options));
}

// Runs in a scope so that a throw anywhere frees every temporary the op made.
function matmulInScope(
  a: TensorLike,
  b: TensorLike,
  options: { transposeA?: boolean; transposeB?: boolean } = {},
): Tensor {
  const op = 'matmul';
  const [first, second, dtype] = binaryOperands(op, a, b);
  const cleanup = () => release(first, second);
  const x = first.tensor;
  const y = second.tensor;
  if (x.rank === 0 || y.rank === 0) {
    cleanup();
    throw new ShapeError(
      op,
      x.rank === 0 ? 'a' : 'b',
      'must have at least one dimension, got shape [] (use mul for scalars)',
    );
  }
  if (dtype === 'bool') {
    cleanup();
    throw new DTypeError(op, 'a', 'and b must be numeric, got bool');
  }
  const transposeA = (options.transposeA ?? false) && x.rank > 1;
  const transposeB = (options.transposeB ?? false) && y.rank > 1;
  const x2 = x.rank === 1 ? view(x, [1, x.shape[0]!]) : x;
  const y2 = y.rank === 1 ? view(y, [y.shape[0]!, 1]) : y;
  const xr = x2.shape.length;
  const yr = y2.shape.length;
  const m = transposeA ? x2.shape[xr - 1]! : x2.shape[xr - 2]!;
  const k = transposeA ? x2.shape[xr - 2]! : x2.shape[xr - 1]!;
  const k2 = transposeB ? y2.shape[yr - 1]! : y2.shape[yr - 2]!;
  const n = transposeB ? y2.shape[yr - 2]! : y2.shape[yr - 1]!;
  const disposeViews = () => {
    if (x2 !== x) x2.dispose();
    if (y2 !== y) y2.dispose();
  };
  if (k !== k2) {
    disposeViews();
    cleanup();
    throw new ShapeError(
      op,
      'b',
      `has ${k2} rows but a has ${k} columns: shapes ${formatShape(x.shape)} and ${formatShape(y.shape)} are not aligned${transposeA || transposeB ? ' (after transposition)' : ''}`,
    );
  }
  let batch: readonly number[];
  try {
    batch = broadcastShapes(op, [x2.shape.slice(0, -2), y2.shape.slice(0, -2)], ['a', 'b']);
  } catch (error) {
    disposeViews();
    cleanup();
    throw error;
  }
  const xc = castOperand({ tensor: x2, owned: x2 !== x }, dtype);
  const yc = castOperand({ tensor: y2, owned: y2 !== y }, dtype);
  const full = runPrimitive(
    'matmul',
    [xc.tensor, yc.tensor],
    { transposeA, transposeB },
    { shape: [...batch, m, n], dtype },
    ['a', 'b'],
  );
  release(xc, yc);
  cleanup();
  if (x.rank > 1 && y.rank > 1) return full;
  const shape = [...batch, ...(x.rank > 1 ? [m] : []), ...(y.rank > 1 ? [n] : [])];
  const result = view(full, shape);
  full.dispose();
  return result;
}

/**
 * Inner product of two vectors, or the matrix product of 1-D/2-D operands.
 *
 * @example
 * ```ts
 * import { dot, tensor } from '@gradkit/tensor';
 *
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item(); // 32
 * ```
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const [first, second] = binaryOperands('dot', a, b);
  try {
    for (const [name, t] of [
      ['a', first.tensor],
      ['b', second.tensor],
    ] as const) {
      if (t.rank < 1 || t.rank > 2) {
        throw new ShapeError(
          'dot',
          name,
          `must be 1-D or 2-D, got shape ${formatShape(t.shape)}; use matmul for batches`,
        );
      }
    }
    return matmul(first.tensor, second.tensor);
  } finally {
    release(first, second);
  }
}
