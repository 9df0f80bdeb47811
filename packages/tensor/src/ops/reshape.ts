import { view } from '../engine.js';
import { AxisError, ShapeError, ValueError } from '../errors.js';
import { formatShape, normalizeAxes, normalizeAxis, type Shape, shapeSize } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from './convert.js';

/**
 * Same values, new shape (one dimension may be -1). Shares the buffer: no copy.
 *
 * @example
 * ```ts
 * import { arange, reshape } from '@gradkit/tensor';
 *
 * reshape(arange(6), [2, 3]).toArray(); // [[0, 1, 2], [3, 4, 5]]
 * reshape(arange(6), [-1, 2]).shape; // [3, 2]
 * ```
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const op = 'reshape';
  expectTensor(op, 'x', x);
  if (!Array.isArray(shape))
    throw new ValueError(op, 'shape', `must be an array, got ${String(shape)}`);
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (unknown >= 0)
        throw new ShapeError(op, 'shape', `${formatShape(shape)} has more than one -1`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, 'shape', `${formatShape(shape)} has an invalid dimension ${d}`);
    } else {
      known *= d;
    }
  }
  const resolved = [...shape];
  if (unknown >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        op,
        'shape',
        `${formatShape(shape)} cannot hold the ${x.size} elements of shape ${formatShape(x.shape)}`,
      );
    }
    resolved[unknown] = x.size / known;
  }
  if (shapeSize(resolved) !== x.size) {
    throw new ShapeError(
      op,
      'shape',
      `${formatShape(shape)} holds ${shapeSize(resolved)} elements but x of shape ${formatShape(x.shape)} has ${x.size}`,
    );
  }
  return view(x, resolved);
}

/**
 * Removes axes of size 1 (all of them, or the given ones, which must have size 1).
 *
 * @example
 * ```ts
 * import { squeeze, zeros } from '@gradkit/tensor';
 *
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // [3, 1]
 * ```
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const op = 'squeeze';
  expectTensor(op, 'x', x);
  if (axis === undefined)
    return view(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const axes = normalizeAxes(op, axis, x.rank);
  for (const a of axes) {
    if (x.shape[a] !== 1) {
      throw new AxisError(
        op,
        'axis',
        `${a} has size ${x.shape[a]} in shape ${formatShape(x.shape)}; only axes of size 1 can be squeezed`,
      );
    }
  }
  return view(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
}

/**
 * Inserts an axis of size 1 at `axis` (in `[-rank-1, rank]`).
 *
 * @example
 * ```ts
 * import { expandDims, tensor } from '@gradkit/tensor';
 *
 * expandDims(tensor([1, 2]), 0).shape; // [1, 2]
 * expandDims(tensor([1, 2]), -1).shape; // [2, 1]
 * ```
 */
export function expandDims(x: Tensor, axis: number): Tensor {
  const op = 'expandDims';
  expectTensor(op, 'x', x);
  const position = normalizeAxis(op, axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(position, 0, 1);
  return view(x, shape);
}

/**
 * Merges axes `startAxis..endAxis` (inclusive) into one, as torch.flatten.
 *
 * @example
 * ```ts
 * import { flatten, zeros } from '@gradkit/tensor';
 *
 * flatten(zeros([8, 3, 4, 4]), 1).shape; // [8, 48]
 * ```
 */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  const op = 'flatten';
  expectTensor(op, 'x', x);
  if (x.rank === 0) return view(x, [1]);
  const start = normalizeAxis(op, startAxis, x.rank, 'startAxis');
  const end = normalizeAxis(op, endAxis, x.rank, 'endAxis');
  if (start > end) {
    throw new AxisError(op, 'startAxis', `(${startAxis}) must not come after endAxis (${endAxis})`);
  }
  const merged = shapeSize(x.shape.slice(start, end + 1));
  return view(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}
