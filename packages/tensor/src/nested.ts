import { ValueError } from './errors.js';
import type { Shape } from './shape.js';

/** A scalar or arbitrarily nested arrays of numbers or booleans. */
export type NestedArray = number | boolean | readonly NestedArray[];

function isArrayLikeNumbers(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** Infers the shape of a nested array, checking that every row has the same length. */
export function inferShape(op: string, values: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level) || isArrayLikeNumbers(level)) {
    const list = level as ArrayLike<unknown>;
    shape.push(list.length);
    if (list.length === 0) break;
    level = list[0];
  }
  checkRectangular(op, values, shape, 0, []);
  return shape;
}

function checkRectangular(
  op: string,
  value: unknown,
  shape: readonly number[],
  depth: number,
  path: number[],
): void {
  const where = path.length === 0 ? 'the top level' : `index [${path.join('][')}]`;
  if (depth === shape.length) {
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      const got = Array.isArray(value) ? `an array of length ${value.length}` : typeof value;
      throw new ValueError(
        op,
        'values',
        `is a malformed nested array: expected a number or boolean at ${where}, got ${got}`,
      );
    }
    return;
  }
  const isList = Array.isArray(value) || isArrayLikeNumbers(value);
  const length = isList ? (value as ArrayLike<unknown>).length : -1;
  if (length !== shape[depth]) {
    const got = isList ? `length ${length}` : `a ${typeof value}`;
    throw new ValueError(
      op,
      'values',
      `is a malformed nested array: expected length ${shape[depth]} at ${where}, got ${got} (rows must all have the same length)`,
    );
  }
  if (isArrayLikeNumbers(value)) {
    if (depth + 1 !== shape.length) {
      throw new ValueError(
        op,
        'values',
        `is a malformed nested array: typed array at ${where} is not innermost`,
      );
    }
    return;
  }
  const list = value as readonly unknown[];
  for (let i = 0; i < list.length; i++) {
    path.push(i);
    checkRectangular(op, list[i], shape, depth + 1, path);
    path.pop();
  }
}

/** Flattens a (validated) nested array in row-major order. */
export function flattenNested(
  values: unknown,
  out: (number | boolean)[] = [],
): (number | boolean)[] {
  if (Array.isArray(values)) {
    for (const v of values) flattenNested(v, out);
  } else if (isArrayLikeNumbers(values)) {
    for (let i = 0; i < values.length; i++) out.push(values[i]!);
  } else {
    out.push(values as number | boolean);
  }
  return out;
}

/** Builds nested arrays from flat row-major values. */
export function toNested(values: ArrayLike<number>, shape: Shape, asBoolean: boolean): NestedArray {
  const read = (i: number): number | boolean => (asBoolean ? values[i] !== 0 : values[i]!);
  if (shape.length === 0) return read(0);
  const build = (depth: number, offset: number): NestedArray[] => {
    const dim = shape[depth]!;
    const out: NestedArray[] = new Array(dim);
    if (depth === shape.length - 1) {
      for (let i = 0; i < dim; i++) out[i] = read(offset + i);
      return out;
    }
    let inner = 1;
    for (let k = depth + 1; k < shape.length; k++) inner *= shape[k]!;
    for (let i = 0; i < dim; i++) out[i] = build(depth + 1, offset + i * inner);
    return out;
  };
  return build(0, 0);
}
