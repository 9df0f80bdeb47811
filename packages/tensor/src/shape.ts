import { AxisError, ShapeError, ValueError } from './errors.js';

export type Shape = readonly number[];

/**
 * The most elements one tensor may hold: kernels index with 32-bit integers, and typed
 * arrays in JavaScript engines stop not far above this.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

export function shapeSize(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function assertValidShape(op: string, argument: string, shape: unknown): Shape {
  if (!Array.isArray(shape)) {
    throw new ValueError(op, argument, `must be an array of dimensions, got ${String(shape)}`);
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ValueError(
        op,
        argument,
        `must hold non-negative integer dimensions, got [${shape.join(', ')}]`,
      );
    }
  }
  const size = shapeSize(shape as Shape);
  if (size > MAX_ELEMENTS) {
    throw new ValueError(
      op,
      argument,
      `${formatShape(shape as Shape)} holds ${size} elements, more than the limit of ${MAX_ELEMENTS} elements per tensor`,
    );
  }
  return shape as Shape;
}

/**
 * NumPy broadcasting of any number of shapes; `names` label the arguments in errors.
 *
 * @example
 * ```ts
 * import { broadcastShapes } from '@gradkit/tensor';
 *
 * broadcastShapes('add', [[2, 1], [3]], ['a', 'b']); // [2, 3]
 * ```
 */
export function broadcastShapes(
  op: string,
  shapes: readonly Shape[],
  names: readonly string[],
): Shape {
  // The common cases, equal shapes and a scalar partner, give an input's own shape back.
  if (shapes.length === 2) {
    const [a, b] = shapes as readonly [Shape, Shape];
    if (b.length === 0 || a === b) return a;
    if (a.length === 0) return b;
    if (a.length === b.length) {
      let equal = true;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) equal = false;
      if (equal) return a;
    }
  }
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k]!;
    for (let i = 0; i < s.length; i++) {
      const axis = rank - s.length + i;
      const d = s[i]!;
      const current = out[axis]!;
      if (d === current || d === 1) continue;
      if (current === 1) {
        out[axis] = d;
        continue;
      }
      const described = shapes.map((sh, j) => `${names[j] ?? `#${j}`} ${formatShape(sh)}`);
      throw new ShapeError(
        op,
        names[k],
        `cannot be broadcast: shapes ${described.join(' and ')} differ at dimension ${axis - rank} (${current} vs ${d})`,
      );
    }
  }
  return out;
}

/** Turns a possibly negative axis into `[0, rank)`, or throws naming the op. */
export function normalizeAxis(op: string, axis: number, rank: number, argument = 'axis'): number {
  if (!Number.isInteger(axis)) {
    throw new AxisError(op, argument, `must be an integer, got ${axis}`);
  }
  if (axis < -rank || axis >= rank) {
    throw new AxisError(
      op,
      argument,
      `${axis} is out of range for a tensor of rank ${rank} (expected ${-rank} <= axis < ${rank})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes `axis` (number, array, or undefined for all axes) into sorted unique axes. */
export function normalizeAxes(
  op: string,
  axis: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new AxisError(op, 'axis', `must be a number, an array of numbers or undefined`);
  }
  const seen = new Set<number>();
  for (const a of list) {
    const n = normalizeAxis(op, a, rank);
    if (seen.has(n)) throw new AxisError(op, 'axis', `repeats axis ${a} in [${list.join(', ')}]`);
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}
