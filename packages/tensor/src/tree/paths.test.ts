import { describe, expect, it } from 'vitest';
import { tree } from './index.js';
import type { TreePath } from './tree-types.js';

describe('tree.pathToString', () => {
  it('renders dotted names with indices in brackets', () => {
    expect(tree.pathToString(['dense', 'weight'])).toBe('dense.weight');
    expect(tree.pathToString(['layers', 0, 'bias'])).toBe('layers[0].bias');
    expect(tree.pathToString([0, 'w'])).toBe('[0].w');
    expect(tree.pathToString([1, 2])).toBe('[1][2]');
    expect(tree.pathToString([])).toBe('');
  });

  it('quotes keys that would make the name ambiguous', () => {
    expect(tree.pathToString(['a.b', 'c'])).toBe('["a.b"].c');
    expect(tree.pathToString(['x', ''])).toBe('x[""]');
    expect(tree.pathToString(['x', 'my key', '[0]'])).toBe('x["my key"]["[0]"]');
    expect(tree.pathToString(['layer-1', '0'])).toBe('layer-1.0');
  });
});

describe('tree.leavesWithPath', () => {
  it('pairs each leaf with its path, in flatten order', () => {
    const params = { layers: [{ weight: 1, bias: 2 }], dense: { kernel: 3 }, step: null };
    const entries = tree.leavesWithPath(params);
    expect(entries).toEqual([
      [['dense', 'kernel'], 3],
      [['layers', 0, 'bias'], 2],
      [['layers', 0, 'weight'], 1],
    ]);
    expect(entries.map(([path]) => tree.pathToString(path))).toEqual([
      'dense.kernel',
      'layers[0].bias',
      'layers[0].weight',
    ]);
  });

  it('gives the empty path to a lone leaf and stops at isLeaf', () => {
    expect(tree.leavesWithPath(7)).toEqual([[[], 7]]);
    const isPair = (value: unknown) => Array.isArray(value) && value.length === 2;
    expect(tree.leavesWithPath({ p: [1, 2] }, { isLeaf: isPair })).toEqual([[['p'], [1, 2]]]);
  });
});

describe('tree.mapWithPath', () => {
  it('passes the path and the leaves of every tree', () => {
    const params = { norm: { beta: 1, gamma: 2 }, dense: { weight: 3 } };
    const grads = { norm: { beta: 10, gamma: 20 }, dense: { weight: 30 } };
    const skip = /beta|gamma/;
    const decayed = tree.mapWithPath(
      (path, p, g) => (skip.test(tree.pathToString(path)) ? p : p - g / 10),
      params,
      grads,
    );
    expect(decayed).toEqual({ norm: { beta: 1, gamma: 2 }, dense: { weight: 0 } });
  });

  it('gives each call its own path array', () => {
    const paths: TreePath[] = [];
    tree.mapWithPath((path) => paths.push(path), { a: [1, 2], b: 3 });
    expect(paths).toEqual([['a', 0], ['a', 1], ['b']]);
  });

  it('accepts options first', () => {
    const isPair = (value: unknown) => Array.isArray(value) && value.length === 2;
    const named = tree.mapWithPath({ isLeaf: isPair }, (path) => tree.pathToString(path), {
      a: [[1, 2]],
    });
    expect(named).toEqual({ a: ['a[0]'] });
  });

  it('names the op in errors', () => {
    expect(() => tree.mapWithPath((_path, a) => a, [1], [1, 2])).toThrow(
      "tree.mapWithPath: argument 'trees[1]' differs from 'tree' at the root: expected an array of length 1, got an array of length 2",
    );
  });
});
