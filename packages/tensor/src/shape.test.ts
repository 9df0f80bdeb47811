import { describe, expect, it } from 'vitest';
import { AxisError, ShapeError, type TensorError, ValueError } from './errors.js';
import {
  assertValidShape,
  broadcastShapes,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  shapeSize,
  shapesEqual,
  stridesOf,
} from './shape.js';

/** The error `fn` throws, checked to be a TensorError of class `type`. */
function thrown<T extends TensorError>(fn: () => unknown, type: new (...args: never[]) => T): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error('expected a throw');
}

describe('shapeSize', () => {
  it('is the product of the dimensions, 1 for a scalar and 0 with a zero dimension', () => {
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([7])).toBe(7);
    expect(shapeSize([2, 3, 4])).toBe(24);
    expect(shapeSize([3, 0, 5])).toBe(0);
  });
});

describe('stridesOf', () => {
  it('gives row-major strides in elements', () => {
    expect(stridesOf([])).toEqual([]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([2, 0, 3])).toEqual([0, 3, 1]);
  });

  it('addresses every element of a row-major layout exactly once', () => {
    const shape = [2, 3, 4];
    const strides = stridesOf(shape);
    const seen = new Set<number>();
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++) seen.add(i * strides[0]! + j * strides[1]! + k * strides[2]!);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });
});

describe('shapesEqual', () => {
  it('compares rank and every dimension', () => {
    expect(shapesEqual([], [])).toBe(true);
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2, 3], [2, 3, 1])).toBe(false);
    expect(shapesEqual([1], [])).toBe(false);
  });
});

describe('formatShape', () => {
  it('prints brackets with comma-separated dimensions', () => {
    expect(formatShape([])).toBe('[]');
    expect(formatShape([4])).toBe('[4]');
    expect(formatShape([2, 0, 3])).toBe('[2, 0, 3]');
  });
});

describe('assertValidShape', () => {
  it('returns a valid shape unchanged', () => {
    const shape = [2, 0, 3];
    expect(assertValidShape('zeros', 'shape', shape)).toBe(shape);
    expect(assertValidShape('zeros', 'shape', [])).toEqual([]);
  });

  it('refuses a non-array with a ValueError naming op and argument', () => {
    const error = thrown(() => assertValidShape('zeros', 'shape', 3), ValueError);
    expect(error.op).toBe('zeros');
    expect(error.argument).toBe('shape');
    expect(error.message).toBe("zeros: argument 'shape' must be an array of dimensions, got 3");
  });

  it.each([[[2, -1]], [[1.5]], [[Number.NaN]], [['2']]])('refuses dimensions %j', (shape) => {
    const error = thrown(() => assertValidShape('ones', 'shape', shape), ValueError);
    expect(error.op).toBe('ones');
    expect(error.argument).toBe('shape');
    expect(error.message).toBe(
      `ones: argument 'shape' must hold non-negative integer dimensions, got [${shape.join(', ')}]`,
    );
  });
});

describe('broadcastShapes', () => {
  it.each([
    [
      [[2, 1], [3]],
      [2, 3],
    ],
    [
      [[], [4, 5]],
      [4, 5],
    ],
    [
      [
        [5, 1, 3],
        [4, 1],
      ],
      [5, 4, 3],
    ],
    [[[1], [0]], [0]],
    [
      [
        [2, 3],
        [2, 3],
      ],
      [2, 3],
    ],
    [
      [[1, 2], [3, 1], [1]],
      [3, 2],
    ],
    [[], []],
  ])('broadcasts %j to %j', (shapes, expected) => {
    const names = shapes.map((_, i) => `x${i}`);
    expect(broadcastShapes('add', shapes, names)).toEqual(expected);
  });

  it('gives the same shape in either operand order', () => {
    expect(
      broadcastShapes(
        'mul',
        [
          [4, 1],
          [2, 1, 3],
        ],
        ['a', 'b'],
      ),
    ).toEqual([2, 4, 3]);
    expect(
      broadcastShapes(
        'mul',
        [
          [2, 1, 3],
          [4, 1],
        ],
        ['a', 'b'],
      ),
    ).toEqual([2, 4, 3]);
  });

  it('throws a ShapeError naming the op, the conflicting argument and the dimension', () => {
    const error = thrown(
      () =>
        broadcastShapes(
          'add',
          [
            [2, 3],
            [4, 3],
          ],
          ['a', 'b'],
        ),
      ShapeError,
    );
    expect(error.op).toBe('add');
    expect(error.argument).toBe('b');
    expect(error.message).toBe(
      "add: argument 'b' cannot be broadcast: shapes a [2, 3] and b [4, 3] differ at dimension -2 (2 vs 4)",
    );
  });

  it('counts the dimension from the end across ranks, and labels unnamed operands by index', () => {
    const error = thrown(() => broadcastShapes('where', [[3], [2, 4]], ['c']), ShapeError);
    expect(error.argument).toBeUndefined();
    expect(error.message).toBe(
      'where: cannot be broadcast: shapes c [3] and #1 [2, 4] differ at dimension -1 (3 vs 4)',
    );
  });

  it('does not broadcast 0 against a size other than 1', () => {
    const error = thrown(() => broadcastShapes('sub', [[0], [2]], ['a', 'b']), ShapeError);
    expect(error.message).toContain('differ at dimension -1 (0 vs 2)');
  });
});

describe('normalizeAxis', () => {
  it('maps [-rank, rank) onto [0, rank)', () => {
    expect(normalizeAxis('sum', 0, 3)).toBe(0);
    expect(normalizeAxis('sum', 2, 3)).toBe(2);
    expect(normalizeAxis('sum', -1, 3)).toBe(2);
    expect(normalizeAxis('sum', -3, 3)).toBe(0);
  });

  it('throws an AxisError for an axis out of range', () => {
    const error = thrown(() => normalizeAxis('sum', 3, 3), AxisError);
    expect(error.op).toBe('sum');
    expect(error.argument).toBe('axis');
    expect(error.message).toBe(
      "sum: argument 'axis' 3 is out of range for a tensor of rank 3 (expected -3 <= axis < 3)",
    );
    expect(thrown(() => normalizeAxis('sum', -4, 3), AxisError).message).toContain(
      '-4 is out of range',
    );
  });

  it('refuses every axis of a scalar', () => {
    expect(thrown(() => normalizeAxis('max', 0, 0), AxisError).message).toBe(
      "max: argument 'axis' 0 is out of range for a tensor of rank 0 (expected 0 <= axis < 0)",
    );
  });

  it('names the given argument and refuses non-integers', () => {
    const error = thrown(() => normalizeAxis('concat', 0.5, 2, 'dim'), AxisError);
    expect(error.argument).toBe('dim');
    expect(error.message).toBe("concat: argument 'dim' must be an integer, got 0.5");
  });
});

describe('normalizeAxes', () => {
  it('gives all axes for undefined', () => {
    expect(normalizeAxes('mean', undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes('mean', undefined, 0)).toEqual([]);
  });

  it('normalizes, then sorts', () => {
    expect(normalizeAxes('mean', -1, 3)).toEqual([2]);
    expect(normalizeAxes('mean', [2, -3], 3)).toEqual([0, 2]);
    expect(normalizeAxes('mean', [], 3)).toEqual([]);
  });

  it('refuses an axis repeated after normalization', () => {
    const error = thrown(() => normalizeAxes('mean', [1, -2], 3), AxisError);
    expect(error.op).toBe('mean');
    expect(error.argument).toBe('axis');
    expect(error.message).toBe("mean: argument 'axis' repeats axis -2 in [1, -2]");
  });

  it('refuses a value that is neither a number nor an array', () => {
    const error = thrown(() => normalizeAxes('mean', '1' as never, 3), AxisError);
    expect(error.message).toBe(
      "mean: argument 'axis' must be a number, an array of numbers or undefined",
    );
  });

  it('reports an out-of-range entry', () => {
    expect(thrown(() => normalizeAxes('sum', [0, 5], 2), AxisError).message).toContain(
      '5 is out of range for a tensor of rank 2',
    );
  });
});
