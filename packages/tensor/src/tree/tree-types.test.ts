import { describe, expectTypeOf, it } from 'vitest';
import type { Tensor } from '../tensor.js';
import { type Tree, type TreeDef, type TreePath, tree } from './index.js';
import type { LeafOf, MapTree } from './tree-types.js';

// These checks run in the type checker; at run time they only need values of the right shape.
const w = {} as Tensor;
const b = {} as Tensor;

describe('tree types', () => {
  it('maps the leaves of a known structure', () => {
    const ranks = tree.map((t: Tensor) => t.shape.length, { dense: { weight: w, bias: b } });
    expectTypeOf(ranks).toEqualTypeOf<{ dense: { weight: number; bias: number } }>();
    const labels = tree.map((x) => String(x), {
      a: 1,
      b: [2, 3],
      c: null,
      d: [4, 5] as [number, number],
    });
    expectTypeOf(labels).toEqualTypeOf<{ a: string; b: string[]; c: null; d: [string, string] }>();
  });

  it('infers the leaf type of an unannotated fn', () => {
    tree.map((x) => expectTypeOf(x).toEqualTypeOf<number | string>(), { a: 1, b: ['x'] });
    tree.map((t) => expectTypeOf(t).toEqualTypeOf<Tensor>(), { layers: [{ w }], step: null });
    tree.map(
      (x, y) => {
        expectTypeOf(x).toEqualTypeOf<number>();
        expectTypeOf(y).toEqualTypeOf<string>();
        return x;
      },
      { a: 1 },
      { a: 'one' },
    );
  });

  it('keeps open-ended Tree<T> types open', () => {
    const params = { w } as Tree<Tensor>;
    expectTypeOf(tree.map((t) => t.size, params)).toEqualTypeOf<Tree<number>>();
    expectTypeOf(tree.leaves(params)).toEqualTypeOf<Tensor[]>();
    expectTypeOf(tree.leaves([params, 1])).toEqualTypeOf<(Tensor | number)[]>();
    expectTypeOf<LeafOf<unknown>>().toEqualTypeOf<unknown>();
    expectTypeOf<MapTree<unknown, number>>().toEqualTypeOf<Tree<number>>();
  });

  it('works in generic code over Tree<Tensor>', () => {
    function sizes<P extends Tree<Tensor>>(params: P) {
      return tree.map((t) => t.size, params);
    }
    expectTypeOf(sizes({ w })).toEqualTypeOf<{ w: number }>();
  });

  it('learns leaves from an isLeaf type guard', () => {
    const isPair = (value: unknown): value is [number, number] => Array.isArray(value);
    const sums = tree.map({ isLeaf: isPair }, (pair) => pair[0] + pair[1], {
      a: [1, 2] as [number, number],
      b: null,
    });
    expectTypeOf(sums).toEqualTypeOf<{ a: number; b: null }>();
    expectTypeOf(tree.leaves({ p: [1, 2] as [number, number] }, { isLeaf: isPair })).toEqualTypeOf<
      [number, number][]
    >();
  });

  it('types flatten, unflatten, zip and paths', () => {
    const [values, treedef] = tree.flatten({ a: 1, b: [true] });
    expectTypeOf(values).toEqualTypeOf<(number | boolean)[]>();
    expectTypeOf(treedef).toEqualTypeOf<TreeDef<{ a: number; b: boolean[] }>>();
    expectTypeOf(tree.unflatten(treedef, ['x', 'y'])).toEqualTypeOf<{ a: string; b: string[] }>();
    expectTypeOf(tree.zip({ a: 1 }, { a: 'x' })).toEqualTypeOf<{ a: [number, string] }>();
    expectTypeOf(tree.leavesWithPath({ a: 1 })).toEqualTypeOf<[TreePath, number][]>();
  });

  it('rejects fns and trees that do not fit', () => {
    const checkedOnly = () => {
      // @ts-expect-error the leaves are numbers
      tree.map((x: string) => x, { a: 1 });
      // @ts-expect-error b lacks a's key y
      tree.map2((x, y) => [x, y], { x: 1, y: 2 }, { x: 3 });
    };
    expectTypeOf(checkedOnly).toBeFunction();
    expectTypeOf(tree.map2((x, y) => x + y, { x: 1 }, { x: 2 })).toEqualTypeOf<{ x: number }>();
  });
});
