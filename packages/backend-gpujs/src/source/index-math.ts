import { literal } from './literal.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Strides of `shape` aligned to `outShape`'s rank, 0 along broadcast dimensions. */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = outShape.length - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

export interface Coordinates {
  /** Statements that compute the coordinates. */
  readonly statements: string[];
  /** The expression of each axis's coordinate; `null` for axes of size 1. */
  readonly names: (string | null)[];
}

/**
 * Splits the flat index `flat` into coordinates of `shape` with whole-number float
 * arithmetic. The quotient is corrected by one where float32 division rounds up
 * (webasm and GL compute in float32), which keeps indices exact below 2^24.
 */
export function coordinatesOf(prefix: string, flat: string, shape: Shape): Coordinates {
  const statements: string[] = [];
  const names: (string | null)[] = shape.map(() => null);
  const rest = `${prefix}r`;
  let first = -1;
  for (let axis = 0; axis < shape.length; axis++) {
    if (shape[axis]! > 1) {
      first = axis;
      break;
    }
  }
  if (first < 0) return { statements, names };
  statements.push(`let ${rest} = ${flat};`);
  for (let axis = shape.length - 1; axis > first; axis--) {
    const dim = shape[axis]!;
    if (dim === 1) continue;
    const quotient = `${prefix}q${axis}`;
    const coordinate = `${prefix}c${axis}`;
    statements.push(
      `let ${quotient} = Math.floor(${rest} / ${literal(dim)});`,
      `if (${quotient} * ${literal(dim)} > ${rest}) { ${quotient} = ${quotient} - 1.0; }`,
      `const ${coordinate} = ${rest} - ${quotient} * ${literal(dim)};`,
      `${rest} = ${quotient};`,
    );
    names[axis] = coordinate;
  }
  names[first] = rest;
  return { statements, names };
}

/** The expression `start + sum(coordinate * stride)`, skipping size-1 axes and zero strides. */
export function offsetOf(
  names: readonly (string | null)[],
  strides: readonly number[],
  start = 0,
): string {
  const terms: string[] = [];
  if (start !== 0) terms.push(literal(start));
  names.forEach((name, axis) => {
    const stride = strides[axis]!;
    if (name === null || stride === 0) return;
    terms.push(stride === 1 ? name : `${name} * ${literal(stride)}`);
  });
  return terms.length === 0 ? '0.0' : `(${terms.join(' + ')})`;
}
