/**
 * Row-major index arithmetic written independently of the library, for tests that check
 * where each element of a result came from.
 */
export type ReferenceShape = readonly number[];

export function sizeOf(shape: ReferenceShape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** The multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: ReferenceShape): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    index[i] = rest % d;
    rest = Math.floor(rest / d);
  }
  return index;
}

/** The flat position of multi-index `index` in `shape`. */
export function ravel(index: readonly number[], shape: ReferenceShape): number {
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + index[i]!;
  return flat;
}
