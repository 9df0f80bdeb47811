import { runPrimitive, view } from '../engine.js';
import { AxisError, ShapeError } from '../errors.js';
import {
  assertValidShape,
  broadcastShapes,
  formatShape,
  type Shape,
  shapesEqual,
} from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from './convert.js';

/**
 * Permutes axes; by default reverses them.
 *
 * @example
 * ```ts
 * import { tensor, transpose, zeros } from '@gradkit/tensor';
 *
 * transpose(tensor([[1, 2, 3]])).toArray(); // [[1], [2], [3]]
 * transpose(zeros([2, 3, 4]), [0, 2, 1]).shape; // [2, 4, 3]
 * ```
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const op = 'transpose';
  expectTensor(op, 'x', x);
  const order = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  if (order.length !== x.rank) {
    throw new AxisError(
      op,
      'perm',
      `[${order.join(', ')}] must list ${x.rank} axes for shape ${formatShape(x.shape)}`,
    );
  }
  const seen = new Set<number>();
  const normalized = order.map((a) => {
    if (!Number.isInteger(a) || a < -x.rank || a >= x.rank) {
      throw new AxisError(
        op,
        'perm',
        `[${order.join(', ')}] has axis ${a}, out of range for rank ${x.rank}`,
      );
    }
    const n = a < 0 ? a + x.rank : a;
    if (seen.has(n)) throw new AxisError(op, 'perm', `[${order.join(', ')}] repeats axis ${a}`);
    seen.add(n);
    return n;
  });
  const shape = normalized.map((a) => x.shape[a]!);
  if (normalized.every((a, i) => a === i)) return view(x, shape);
  return runPrimitive('transpose', [x], { perm: normalized }, { shape, dtype: x.dtype }, ['x']);
}

/**
 * Repeats `x` along broadcast dimensions to reach `shape` (NumPy's broadcast_to).
 *
 * @example
 * ```ts
 * import { broadcastTo, tensor } from '@gradkit/tensor';
 *
 * broadcastTo(tensor([1, 2]), [2, 2]).toArray(); // [[1, 2], [1, 2]]
 * ```
 */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  const op = 'broadcastTo';
  expectTensor(op, 'x', x);
  assertValidShape(op, 'shape', shape);
  const result =
    x.rank <= shape.length ? broadcastShapes(op, [x.shape, shape], ['x', 'shape']) : undefined;
  if (result === undefined || !shapesEqual(result, shape)) {
    throw new ShapeError(
      op,
      'x',
      `of shape ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`,
    );
  }
  if (shapesEqual(x.shape, shape)) return view(x, shape);
  return runPrimitive('broadcastTo', [x], { shape }, { shape, dtype: x.dtype }, ['x']);
}
