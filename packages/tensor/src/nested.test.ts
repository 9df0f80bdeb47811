import { describe, expect, it } from 'vitest';
import { ValueError } from './errors.js';
import { flattenNested, inferShape, toNested } from './nested.js';

/** The ValueError `fn` throws. */
function valueError(fn: () => unknown): ValueError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    return error as ValueError;
  }
  throw new Error('expected a throw');
}

describe('inferShape', () => {
  it.each([
    [5, []],
    [true, []],
    [[], [0]],
    [[1, 2, 3], [3]],
    [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
    ],
    [[[[1], [2]]], [1, 2, 1]],
    [
      [[], []],
      [2, 0],
    ],
    [[true, false], [2]],
  ])('infers the shape of %j as %j', (values, shape) => {
    expect(inferShape('tensor', values)).toEqual(shape);
  });

  it('takes a typed array as the innermost level', () => {
    expect(inferShape('tensor', new Float32Array(4))).toEqual([4]);
    expect(inferShape('tensor', [new Int32Array([1, 2]), new Int32Array([3, 4])])).toEqual([2, 2]);
  });

  it('refuses a short row, naming where and what was expected', () => {
    const error = valueError(() => inferShape('tensor', [[1, 2], [3]]));
    expect(error.op).toBe('tensor');
    expect(error.argument).toBe('values');
    expect(error.message).toBe(
      "tensor: argument 'values' is a malformed nested array: expected length 2 at index [1], got length 1 (rows must all have the same length)",
    );
  });

  it('refuses a row deeper than the first, with its path', () => {
    const error = valueError(() =>
      inferShape('tensor', [
        [[1], [2]],
        [[3], [4, 5]],
      ]),
    );
    expect(error.message).toBe(
      "tensor: argument 'values' is a malformed nested array: expected length 1 at index [1][1], got length 2 (rows must all have the same length)",
    );
  });

  it('refuses an array where a number is expected', () => {
    const error = valueError(() => inferShape('stack', [1, [2]]));
    expect(error.message).toBe(
      "stack: argument 'values' is a malformed nested array: expected a number or boolean at index [1], got an array of length 1",
    );
  });

  it('refuses a number where a row is expected', () => {
    const error = valueError(() => inferShape('tensor', [[1, 2], 3]));
    expect(error.message).toBe(
      "tensor: argument 'values' is a malformed nested array: expected length 2 at index [1], got a number (rows must all have the same length)",
    );
  });

  it('refuses leaves that are neither numbers nor booleans', () => {
    expect(valueError(() => inferShape('tensor', 'abc')).message).toBe(
      "tensor: argument 'values' is a malformed nested array: expected a number or boolean at the top level, got string",
    );
    expect(valueError(() => inferShape('tensor', [1, null])).message).toContain(
      'expected a number or boolean at index [1], got object',
    );
  });

  it('refuses a typed array above the innermost level', () => {
    const error = valueError(() => inferShape('tensor', [[[1]], new Float32Array([2])]));
    expect(error.message).toBe(
      "tensor: argument 'values' is a malformed nested array: typed array at index [1] is not innermost",
    );
    expect(
      valueError(() => inferShape('tensor', [new Float32Array([1]), [[2]]])).message,
    ).toContain('expected a number or boolean at index [1][0], got an array of length 1');
    // A typed array at the innermost level is fine however deep it sits.
    expect(inferShape('tensor', [[new Float32Array([1])]])).toEqual([1, 1, 1]);
  });
});

describe('flattenNested', () => {
  it('flattens in row-major order', () => {
    expect(flattenNested(7)).toEqual([7]);
    expect(flattenNested([])).toEqual([]);
    expect(
      flattenNested([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      flattenNested([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(flattenNested([true, false])).toEqual([true, false]);
  });

  it('expands typed arrays and appends to a given output', () => {
    const out: (number | boolean)[] = [0];
    expect(flattenNested([new Int32Array([1, 2]), new Int32Array([3, 4])], out)).toBe(out);
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('toNested', () => {
  it('builds a scalar for shape []', () => {
    expect(toNested([3], [], false)).toBe(3);
    expect(toNested([0], [], true)).toBe(false);
  });

  it('builds nested rows in row-major order', () => {
    expect(toNested([1, 2, 3, 4, 5, 6], [2, 3], false)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toNested([1, 2, 3, 4, 5, 6], [3, 2], false)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(toNested(new Float32Array([1, 2, 3, 4]), [2, 1, 2], false)).toEqual([
      [[1, 2]],
      [[3, 4]],
    ]);
  });

  it('keeps empty dimensions', () => {
    expect(toNested([], [0], false)).toEqual([]);
    expect(toNested([], [2, 0], false)).toEqual([[], []]);
  });

  it('turns non-zero values into true when asked for booleans', () => {
    expect(toNested(new Uint8Array([1, 0, 2]), [3], true)).toEqual([true, false, true]);
  });

  it('inverts flattenNested for the inferred shape', () => {
    const values = [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ];
    const shape = inferShape('tensor', values);
    expect(shape).toEqual([2, 3, 2]);
    expect(toNested(flattenNested(values) as number[], shape, false)).toEqual(values);
  });
});
