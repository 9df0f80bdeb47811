import type { Shape } from '../shape.js';

/** Strides of `shape` aligned to `outShape`'s rank, 0 along broadcast dimensions. */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = rank - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

/**
 * Calls `visit(outIndex, offsets)` for every output element in row-major order, where
 * `offsets[k]` is the element of input k that broadcasts to it. The offsets array is reused.
 */
export function forEachBroadcast(
  outShape: Shape,
  inputShapes: readonly Shape[],
  visit: (outIndex: number, offsets: Int32Array) => void,
): void {
  const rank = outShape.length;
  const count = inputShapes.length;
  const strides = inputShapes.map((s) => broadcastStrides(s, outShape));
  let size = 1;
  for (const d of outShape) size *= d;
  if (size === 0) return;
  const offsets = new Int32Array(count);
  const counter = new Int32Array(rank);
  for (let i = 0; i < size; i++) {
    visit(i, offsets);
    // Advance the odometer and update every input offset incrementally.
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis]!++;
      if (counter[axis]! < outShape[axis]!) {
        for (let k = 0; k < count; k++) offsets[k]! += strides[k]![axis]!;
        break;
      }
      for (let k = 0; k < count; k++) offsets[k]! -= strides[k]![axis]! * (outShape[axis]! - 1);
      counter[axis] = 0;
    }
  }
}

/**
 * How an input of `shape` repeats across `outShape` in the two common non-trivial cases:
 * `'rows'` when it matches the output's trailing axes (a bias: element i reads i % size),
 * `'columns'` when it matches the leading axes and is 1 on the rest (a per-row statistic:
 * element i reads ⌊i / (outSize / size)⌋); `'other'` for everything else.
 */
export function repetition(shape: Shape, outShape: Shape): 'rows' | 'columns' | 'other' {
  const rank = outShape.length;
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  // rows: ones (broadcast) first, then equal to the output.
  let axis = 0;
  while (axis < rank && padded[axis] === 1 && outShape[axis] !== 1) axis++;
  let rest = axis;
  while (rest < rank && padded[rest] === outShape[rest]) rest++;
  if (axis > 0 && rest === rank) return 'rows';
  // columns: equal to the output first, then ones (broadcast).
  axis = 0;
  while (axis < rank && padded[axis] === outShape[axis]) axis++;
  rest = axis;
  while (rest < rank && padded[rest] === 1) rest++;
  if (axis < rank && rest === rank) return 'columns';
  return 'other';
}
