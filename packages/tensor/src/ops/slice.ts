import { runPrimitive, view } from '../engine.js';
import { IndexError, ValueError } from '../errors.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from './convert.js';

/**
 * A contiguous block: `begin[i]` (negative counts from the end) and `size[i]` elements
 * along each axis, -1 meaning "to the end". Missing trailing entries take whole axes.
 *
 * @example
 * ```ts
 * import { slice, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * slice(x, [0, 1], [2, 2]).toArray(); // [[2, 3], [5, 6]]
 * slice(x, [1]).toArray(); // [[4, 5, 6]]
 * ```
 */
export function slice(
  x: Tensor,
  begin: number | readonly number[],
  size?: number | readonly number[],
): Tensor {
  const op = 'slice';
  expectTensor(op, 'x', x);
  const begins = typeof begin === 'number' ? [begin] : [...begin];
  const sizes = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
  if (begins.length > x.rank || sizes.length > x.rank) {
    throw new ValueError(
      op,
      'begin',
      `and size must have at most ${x.rank} entries for shape ${formatShape(x.shape)}`,
    );
  }
  const start: number[] = [];
  const extent: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    const dim = x.shape[i]!;
    let b = begins[i] ?? 0;
    if (!Number.isInteger(b)) throw new ValueError(op, 'begin', `must hold integers, got ${b}`);
    if (b < 0) b += dim;
    if (b < 0 || b > dim) {
      throw new IndexError(
        op,
        'begin',
        `[${begins.join(', ')}] is out of range at axis ${i} of size ${dim} (shape ${formatShape(x.shape)})`,
      );
    }
    let s = sizes[i] ?? -1;
    if (s === -1) s = dim - b;
    if (!Number.isInteger(s) || s < 0 || b + s > dim) {
      throw new IndexError(
        op,
        'size',
        `[${sizes.join(', ')}] reaches past axis ${i} of size ${dim} from begin ${b} (shape ${formatShape(x.shape)})`,
      );
    }
    start.push(b);
    extent.push(s);
  }
  if (shapesEqual(extent, x.shape)) return view(x, extent);
  return runPrimitive(
    'slice',
    [x],
    { begin: start, size: extent },
    { shape: extent, dtype: x.dtype },
    ['x'],
  );
}
