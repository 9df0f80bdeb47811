import type { Shape } from '../shape.js';

/**
 * Visits every index of `shape` in row-major order with the offset
 * `start + sum(index[i] * strides[i])`, updated incrementally.
 */
export function forEachStrided(
  shape: Shape,
  strides: readonly number[],
  start: number,
  visit: (index: number, offset: number) => void,
): void {
  let size = 1;
  for (const d of shape) size *= d;
  const rank = shape.length;
  const counter = new Int32Array(rank);
  let offset = start;
  for (let i = 0; i < size; i++) {
    visit(i, offset);
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis]!++;
      if (counter[axis]! < shape[axis]!) {
        offset += strides[axis]!;
        break;
      }
      offset -= strides[axis]! * (shape[axis]! - 1);
      counter[axis] = 0;
    }
  }
}
