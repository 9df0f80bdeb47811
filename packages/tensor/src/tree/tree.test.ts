import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { tree } from './index.js';

const params = { dense: { weight: 1, bias: 2 }, layers: [{ w: 3 }, { w: 4 }], step: null };

describe('tree.leaves', () => {
  it('visits arrays in index order and objects in sorted key order', () => {
    expect(tree.leaves(params)).toEqual([2, 1, 3, 4]);
    expect(tree.leaves({ b: 1, a: [2, { d: 3, c: 4 }] })).toEqual([2, 4, 3, 1]);
  });

  it('does not depend on key insertion order', () => {
    const forward = { alpha: 1, beta: 2, gamma: { x: 3, y: 4 } };
    const backward = { gamma: { y: 4, x: 3 }, beta: 2, alpha: 1 };
    expect(tree.leaves(backward)).toEqual(tree.leaves(forward));
    expect(tree.flatten(backward)[1].toString()).toBe(tree.flatten(forward)[1].toString());
  });

  it('treats null and undefined as empty nodes', () => {
    expect(tree.leaves(null)).toEqual([]);
    expect(tree.leaves(undefined)).toEqual([]);
    expect(tree.leaves([null, 1, undefined, { a: null }])).toEqual([1]);
  });

  it('treats primitives, class instances and functions as leaves', () => {
    const date = new Date(0);
    const map = new Map([['a', 1]]);
    const fn = () => 1;
    const values = tree.leaves({ a: 'text', b: true, c: date, d: map, e: fn, f: 1n });
    expect(values).toEqual(['text', true, date, map, fn, 1n]);
    expect(tree.leaves(5)).toEqual([5]);
  });

  it('descends into objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, number>, { b: 1, a: 2 });
    expect(tree.leaves({ bare })).toEqual([2, 1]);
  });

  it('stops descending where isLeaf says so', () => {
    const isPair = (value: unknown) => Array.isArray(value) && value.length === 2;
    expect(tree.leaves({ a: [1, 2], b: [3, 4, 5] }, { isLeaf: isPair })).toEqual([[1, 2], 3, 4, 5]);
    expect(tree.leaves([null, 1], { isLeaf: (value) => value === null })).toEqual([null, 1]);
    expect(tree.leaves({ a: { b: 1 } }, { isLeaf: () => true })).toEqual([{ a: { b: 1 } }]);
  });
});

describe('tree.map', () => {
  it('applies fn to every leaf and keeps the structure', () => {
    const doubled = tree.map((x) => x * 2, params);
    expect(doubled).toEqual({
      dense: { weight: 2, bias: 4 },
      layers: [{ w: 6 }, { w: 8 }],
      step: null,
    });
  });

  it('keeps null and undefined in place', () => {
    const result = tree.map((x: number) => x + 1, [1, null, undefined, { a: undefined }]);
    expect(result).toStrictEqual([2, null, undefined, { a: undefined }]);
  });

  it('calls fn in flatten order', () => {
    const seen: number[] = [];
    tree.map((x) => seen.push(x), { b: 1, a: [2, 3] });
    expect(seen).toEqual([2, 3, 1]);
  });

  it('passes the leaves of extra trees at the same place', () => {
    const grads = { dense: { bias: 20, weight: 10 }, layers: [{ w: 30 }, { w: 40 }], step: null };
    const updated = tree.map((p, g) => p - 0.1 * g, params, grads);
    expect(updated).toEqual({
      dense: { weight: 0, bias: 0 },
      layers: [{ w: 0 }, { w: 0 }],
      step: null,
    });
    const summed = tree.map((a, b, c) => a + b + c, [1, 2], [10, 20], [100, 200]);
    expect(summed).toEqual([111, 222]);
  });

  it('rebuilds objects with keys in sorted order', () => {
    expect(Object.keys(tree.map((x) => x, { b: 1, c: 2, a: 3 }))).toEqual(['a', 'b', 'c']);
  });

  it('accepts options first, with isLeaf', () => {
    const isPair = (value: unknown): value is [number, number] =>
      Array.isArray(value) && value.length === 2;
    const pairs: Record<string, [number, number]> = { a: [1, 2], b: [3, 4] };
    const sums = tree.map({ isLeaf: isPair }, (pair) => pair[0] + pair[1], pairs);
    expect(sums).toEqual({ a: 3, b: 7 });
  });

  it('maps a lone leaf and an empty tree', () => {
    expect(tree.map((x) => x + 1, 1)).toBe(2);
    expect(tree.map((x) => x, null)).toBe(null);
    expect(tree.map((x) => x, {})).toEqual({});
    expect(tree.map((x) => x, [])).toEqual([]);
  });

  it('names the op, argument and path when structures differ', () => {
    const other = {
      dense: { weight: { a: 1, b: 2 }, bias: 2 },
      layers: [{ w: 3 }, { w: 4 }],
      step: null,
    };
    expect(() => tree.map((a, b) => [a, b], params, other)).toThrow(
      "tree.map: argument 'trees[1]' differs from 'tree' at path dense.weight: expected a leaf, got an object with keys [a, b]",
    );
    expect(() => tree.map((a, b) => [a, b], params, other)).toThrow(ShapeError);
  });

  it('reports array lengths, keys, null and the root in mismatches', () => {
    const map = (a: unknown, b: unknown) => () => tree.map((x: unknown) => x, a, b);
    expect(map({ l: [1, 2] }, { l: [1] })).toThrow(
      'at path l: expected an array of length 2, got an array of length 1',
    );
    expect(map({ a: 1, b: 2 }, { a: 1, c: 2 })).toThrow(
      'at the root: expected an object with keys [a, b], got an object with keys [a, c]',
    );
    expect(map([{ x: null }], [{ x: 1 }])).toThrow('at path [0].x: expected null, got a leaf');
    expect(map(1, [1])).toThrow('at the root: expected a leaf, got an array of length 1');
    expect(() => tree.map((x) => x, 1, 1, 2, [])).toThrow("argument 'trees[3]'");
  });

  it('checks extra trees with the same isLeaf', () => {
    const isPair = (value: unknown) => Array.isArray(value) && value.length === 2;
    const zipped = tree.map({ isLeaf: isPair }, (a, b) => [a, b], { p: [1, 2] }, { p: [3, 4] });
    expect(zipped).toEqual({
      p: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(() => tree.map({ isLeaf: isPair }, (a) => a, { p: [1, 2] }, { p: [3, 4, 5] })).toThrow(
      'at path p: expected a leaf, got an array of length 3',
    );
  });

  it('rejects a fn that is not a function', () => {
    expect(() => tree.map({}, 5 as never, [1])).toThrow(
      "tree.map: argument 'fn' must be a function, got a value of type number",
    );
  });
});

describe('tree.map2 and tree.zip', () => {
  it('maps two trees', () => {
    expect(tree.map2((a, b) => a * b, { x: 2, y: [3] }, { x: 5, y: [7] })).toEqual({
      x: 10,
      y: [21],
    });
  });

  it('names a and b in mismatches', () => {
    expect(() => tree.map2((a, b) => [a, b], { x: 1 }, { x: [1] } as never)).toThrow(
      "tree.map2: argument 'b' differs from 'a' at path x: expected a leaf, got an array of length 1",
    );
  });

  it('takes options last', () => {
    const isPair = (value: unknown) => Array.isArray(value) && value.length === 2;
    const result = tree.map2((a, b) => [a, b], { p: [1, 2] }, { p: [3, 4] }, { isLeaf: isPair });
    expect(result).toEqual({
      p: [
        [1, 2],
        [3, 4],
      ],
    });
  });

  it('zips leaves into tuples', () => {
    expect(tree.zip({ w: 1, b: [2] }, { w: 'x', b: ['y'] }, { w: true, b: [false] })).toEqual({
      w: [1, 'x', true],
      b: [[2, 'y', false]],
    });
    expect(() => tree.zip({ w: 1 }, { v: 1 })).toThrow("tree.zip: argument 'trees[1]' differs");
  });
});

describe('tree.flatten and tree.unflatten', () => {
  it('round-trips a tree', () => {
    const [values, treedef] = tree.flatten(params);
    expect(values).toEqual([2, 1, 3, 4]);
    expect(treedef.numLeaves).toBe(4);
    expect(tree.unflatten(treedef, values)).toEqual(params);
    expect(tree.unflatten(treedef, ['b', 'w', 'l0', 'l1'])).toEqual({
      dense: { weight: 'w', bias: 'b' },
      layers: [{ w: 'l0' }, { w: 'l1' }],
      step: null,
    });
  });

  it('rebuilds plain objects with sorted keys', () => {
    const bare = Object.assign(Object.create(null) as Record<string, number>, { z: 1, a: 2 });
    const [values, treedef] = tree.flatten({ bare });
    const rebuilt = tree.unflatten(treedef, values);
    expect(Object.getPrototypeOf(rebuilt.bare)).toBe(Object.prototype);
    expect(Object.keys(rebuilt.bare)).toEqual(['a', 'z']);
  });

  it('keeps a __proto__ key as a plain key', () => {
    const input = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as Record<string, unknown>;
    const output = tree.map((x) => x, input);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.keys(output)).toEqual(['__proto__', 'b']);
    expect(tree.leaves(output)).toEqual([1, 2]);
  });

  it('checks the leaf count', () => {
    const [, treedef] = tree.flatten({ a: 1, b: [2, 3] });
    expect(() => tree.unflatten(treedef, [1, 2])).toThrow(
      "tree.unflatten: argument 'leaves' must hold 3 leaves to fill the treedef, got 2",
    );
    expect(() => tree.unflatten(treedef, [1, 2])).toThrow(ValueError);
    expect(() => tree.unflatten({} as never, [])).toThrow("argument 'treedef' must be a TreeDef");
  });

  it('keeps isLeaf leaves whole', () => {
    const isPair = (value: unknown): value is [number, number] =>
      Array.isArray(value) && value.length === 2;
    const [values, treedef] = tree.flatten({ a: [1, 2], b: 3 }, { isLeaf: isPair });
    expect(values).toEqual([[1, 2], 3]);
    expect(tree.unflatten(treedef, ['p', 'q'])).toEqual({ a: 'p', b: 'q' });
  });
});

describe('tree.structureEqual', () => {
  it('compares nodes, keys and lengths but not leaves', () => {
    expect(tree.structureEqual({ a: [1, 2], b: null }, { b: null, a: ['x', 'y'] })).toBe(true);
    expect(tree.structureEqual({ a: [1, 2] }, { a: [1] })).toBe(false);
    expect(tree.structureEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(tree.structureEqual({ a: null }, { a: undefined })).toBe(false);
    expect(tree.structureEqual({ a: null }, { a: 1 })).toBe(false);
    expect(tree.structureEqual([1], { 0: 1 })).toBe(false);
    expect(tree.structureEqual(new Date(), 'leaf')).toBe(true);
  });

  it('applies isLeaf to both trees', () => {
    const isPair = (value: unknown) => Array.isArray(value) && value.length === 2;
    expect(tree.structureEqual([[1, 2]], [3], { isLeaf: isPair })).toBe(true);
  });
});

describe('cycles', () => {
  it('are reported with the op, argument and path', () => {
    const looped: { a: { b: unknown[] } } = { a: { b: [] } };
    looped.a.b.push(looped);
    expect(() => tree.leaves(looped)).toThrow(
      "tree.leaves: argument 'tree' contains a cycle at path a.b[0]",
    );
    expect(() => tree.leaves(looped)).toThrow(ValueError);
    expect(() => tree.map((x) => x, { a: 1 }, { a: looped })).toThrow(
      "tree.map: argument 'trees[1]' contains a cycle at path a.a.b[0]",
    );
    expect(() => tree.structureEqual(1, looped)).toThrow("tree.structureEqual: argument 'b'");
  });

  it('are not confused with shared subtrees', () => {
    const shared = { w: 1 };
    expect(tree.leaves({ a: shared, b: shared, c: [shared, shared] })).toEqual([1, 1, 1, 1]);
  });
});

describe('purity', () => {
  it('never changes its inputs and returns fresh containers', () => {
    const input = { b: [1, { d: 2, c: null }], a: { x: 3 }, e: undefined };
    const other = { b: [10, { d: 20, c: null }], a: { x: 30 }, e: undefined };
    const before = structuredClone(input);
    const keysBefore = JSON.stringify(Object.keys(input));
    const mapped = tree.map((x, y) => x + y, input, other);
    const [values, treedef] = tree.flatten(input);
    const rebuilt = tree.unflatten(treedef, values);
    tree.mapWithPath((path, x) => [path, x], input);
    tree.zip(input, other);
    tree.leavesWithPath(input);
    expect(input).toStrictEqual(before);
    expect(JSON.stringify(Object.keys(input))).toBe(keysBefore);
    expect(mapped).not.toBe(input);
    expect(rebuilt).not.toBe(input);
    expect(rebuilt.a).not.toBe(input.a);
    expect(rebuilt.b).not.toBe(input.b);
    expect(rebuilt).toStrictEqual(input);
  });

  it('works on frozen inputs', () => {
    const frozen = Object.freeze({ a: Object.freeze([1, 2]), b: Object.freeze({ c: 3 }) });
    expect(tree.map((x) => x + 1, frozen)).toEqual({ a: [2, 3], b: { c: 4 } });
  });
});
