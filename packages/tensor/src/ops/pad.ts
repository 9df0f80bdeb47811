import { runPrimitive, view } from '../engine.js';
import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from './convert.js';

/**
 * Pads each axis with `paddings[i] = [before, after]` copies of `value` (default 0).
 *
 * @example
 * ```ts
 * import { pad, tensor } from '@gradkit/tensor';
 *
 * pad(tensor([[1, 2]]), [[0, 0], [1, 1]]).toArray(); // [[0, 1, 2, 0]]
 * ```
 */
export function pad(
  x: Tensor,
  paddings: readonly (readonly [number, number])[],
  value = 0,
): Tensor {
  const op = 'pad';
  expectTensor(op, 'x', x);
  if (!Array.isArray(paddings) || paddings.length !== x.rank) {
    throw new ShapeError(
      op,
      'paddings',
      `must have one [before, after] pair per axis: ${x.rank} for shape ${formatShape(x.shape)}`,
    );
  }
  for (const pair of paddings) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      pair.some((p) => !Number.isInteger(p) || p < 0)
    ) {
      throw new ValueError(
        op,
        'paddings',
        `must hold pairs of non-negative integers, got ${JSON.stringify(paddings)}`,
      );
    }
  }
  if (typeof value !== 'number')
    throw new ValueError(op, 'value', `must be a number, got ${typeof value}`);
  const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  if (paddings.every(([b, a]) => b === 0 && a === 0)) return view(x, shape);
  return runPrimitive('pad', [x], { paddings, value }, { shape, dtype: x.dtype }, ['x']);
}
