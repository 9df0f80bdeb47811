import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { checkOptions, donatedLeavesOf, type JitOptions } from './options.js';

/** The ValueError `attempt` throws; fails the test when it throws nothing or something else. */
function valueErrorOf(attempt: () => unknown): ValueError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    return error as ValueError;
  }
  throw new Error('expected a ValueError, but nothing was thrown');
}

describe('checkOptions', () => {
  it('accepts no options, and every option with a value of its kind', () => {
    expect(() => checkOptions({})).not.toThrow();
    expect(() =>
      checkOptions({
        donate: ['params', 0, 3],
        maxCacheSize: 1,
        onRetrace: () => {},
        onTrace: () => {},
        name: 'step',
      }),
    ).not.toThrow();
    expect(() => checkOptions({ donate: [] })).not.toThrow();
  });

  it.each([
    ['a string', 'params'],
    ['a number', 0],
    ['an object', { params: true }],
  ])('refuses donate given as %s rather than an array', (_, donate) => {
    const error = valueErrorOf(() => checkOptions({ donate } as unknown as JitOptions));
    expect(error.op).toBe('jit');
    expect(error.argument).toBe('options.donate');
    expect(error.message).toBe(
      "jit: argument 'options.donate' must be an array of argument indices or keys of the first argument",
    );
  });

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [true, 'true'],
    [null, 'null'],
  ])('refuses the donated entry %s, naming it', (entry, shown) => {
    const error = valueErrorOf(() =>
      checkOptions({ donate: ['params', 0, entry] } as unknown as JitOptions),
    );
    expect(error.op).toBe('jit');
    expect(error.argument).toBe('options.donate');
    expect(error.message).toBe(
      `jit: argument 'options.donate' holds ${shown}; expected a non-negative argument index or a key of the first argument`,
    );
  });

  it.each([
    [0, '0'],
    [-2, '-2'],
    [2.5, '2.5'],
    [Number.NaN, 'NaN'],
    ['4', '4'],
  ])('refuses maxCacheSize %s', (maxCacheSize, shown) => {
    const error = valueErrorOf(() => checkOptions({ maxCacheSize } as unknown as JitOptions));
    expect(error.argument).toBe('options.maxCacheSize');
    expect(error.message).toBe(
      `jit: argument 'options.maxCacheSize' must be a positive integer, got ${shown}`,
    );
  });

  it.each(['onRetrace', 'onTrace'])('refuses an %s that is not a function', (key) => {
    for (const bad of [1, 'log', {}, null]) {
      const error = valueErrorOf(() => checkOptions({ [key]: bad } as unknown as JitOptions));
      expect(error.op).toBe('jit');
      expect(error.argument).toBe(`options.${key}`);
      expect(error.message).toBe(`jit: argument 'options.${key}' must be a function`);
    }
  });
});

describe('donatedLeavesOf', () => {
  // Leaves in flatten order (objects by sorted key): 0 params.b, 1 params.w, 2 state.count,
  // 3 state.m, 4 the second argument, 5 the third.
  const args = () => [
    { state: { m: tensor([0]), count: 3 }, params: { w: tensor([1, 2]), b: tensor([3]) } },
    tensor([4]),
    5,
  ];

  it('gives the flat indices of the leaves of donated keys of the first argument', () => {
    expect([...donatedLeavesOf(args(), ['params'])].sort((a, b) => a - b)).toEqual([0, 1]);
    expect([...donatedLeavesOf(args(), ['state'])].sort((a, b) => a - b)).toEqual([2, 3]);
    expect([...donatedLeavesOf(args(), ['state', 'params'])].sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('gives the flat indices of the leaves of donated arguments', () => {
    expect([...donatedLeavesOf(args(), [1])]).toEqual([4]);
    expect([...donatedLeavesOf(args(), [0])].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect([...donatedLeavesOf(args(), [1, 'params'])].sort((a, b) => a - b)).toEqual([0, 1, 4]);
  });

  it('gives nothing when nothing is donated', () => {
    expect(donatedLeavesOf(args(), []).size).toBe(0);
  });

  it('matches a key only in the first argument, not in later ones of the same structure', () => {
    const first = { params: tensor([1]) };
    const second = { params: tensor([2]) };
    expect([...donatedLeavesOf([first, second], ['params'])]).toEqual([0]);
  });

  it('refuses an index past the last argument, naming the count', () => {
    const error = valueErrorOf(() => donatedLeavesOf(args(), ['params', 3]));
    expect(error.op).toBe('jit');
    expect(error.argument).toBe('options.donate');
    expect(error.message).toBe(
      "jit: argument 'options.donate' names argument 3, but the call has 3 arguments",
    );
    expect(valueErrorOf(() => donatedLeavesOf([tensor([1])], [1])).message).toMatch(
      /names argument 1, but the call has 1 argument$/,
    );
  });

  it('refuses a key the first argument lacks, or when the first argument is not an object', () => {
    for (const call of [args(), [tensor([1])], [null, tensor([1])], [7]]) {
      const error = valueErrorOf(() => donatedLeavesOf(call, ['moments']));
      expect(error.op).toBe('jit');
      expect(error.argument).toBe('options.donate');
      expect(error.message).toBe(
        "jit: argument 'options.donate' names 'moments', which is not a key of the first argument",
      );
    }
  });

  it('refuses an inherited name or an array index given as a key: they name no leaf', () => {
    const cases: [unknown[], string][] = [
      [args(), 'toString'],
      [args(), 'constructor'],
      [[[tensor([1]), tensor([2])]], '0'],
      [[[tensor([1])]], 'length'],
    ];
    for (const [call, key] of cases) {
      expect(valueErrorOf(() => donatedLeavesOf(call, [key])).message).toBe(
        `jit: argument 'options.donate' names '${key}', which is not a key of the first argument`,
      );
    }
  });
});
