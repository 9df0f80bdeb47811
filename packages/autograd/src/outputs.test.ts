import { ShapeError, type Tensor, type TreeDef, tensor, tree, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { flattenOutput, matchLeaves } from './outputs.js';

describe('flattenOutput', () => {
  it('flattens one tensor to one leaf', () => {
    const y = tensor([1, 2]);
    const { leaves, treedef } = flattenOutput('vjp', y);
    expect(leaves).toHaveLength(1);
    expect(leaves[0]).toBe(y);
    expect(tree.unflatten(treedef, ['x'])).toBe('x');
  });

  it('flattens a tree in sorted key order, and its treedef rebuilds the same structure', () => {
    const p = tensor([1]);
    const q = tensor([2, 3]);
    const r = tensor([4]);
    const { leaves, treedef } = flattenOutput('jvp', { z: p, a: [q, { m: r }] });
    expect(leaves).toHaveLength(3);
    expect(leaves[0]).toBe(q);
    expect(leaves[1]).toBe(r);
    expect(leaves[2]).toBe(p);
    expect(tree.unflatten(treedef, [1, 2, 3])).toEqual({ z: 3, a: [1, { m: 2 }] });
  });

  it('refuses a result with a leaf that is not a tensor, naming the op, f and where', () => {
    expect(() => flattenOutput('vjp', 3)).toThrow(ValueError);
    expect(() => flattenOutput('vjp', 3)).toThrow(
      "vjp: argument 'f' must return a tensor or a tree of tensors, got number",
    );
    expect(() => flattenOutput('jvp', { y: tensor([1]), n: [tensor([2]), 'text'] })).toThrow(
      "jvp: argument 'f' must return a tensor or a tree of tensors, got string at n[1]",
    );
  });
});

describe('matchLeaves', () => {
  const x = tensor([1, 2], [2], 'float32');
  const m = tensor([1, 2, 3, 4, 5, 6], [2, 3], 'float64');
  const count = tensor([1, 2, 3], [3], 'int32');
  const like = { x, m, count };
  const [flat, def] = tree.flatten(like);
  const leaves = flat as Tensor[];
  const treedef = def as TreeDef<unknown, never>;

  it('pairs each floating-point leaf with the matching tensor, by position', () => {
    const cx = tensor([5, 6], [2], 'float32');
    const cm = tensor([0, 0, 0, 0, 0, 0], [2, 3], 'float64');
    const cc = tensor([0, 0, 0], [3], 'int32');
    // Sorted keys: count, m, x.
    const matched = matchLeaves('vjp', 'cotangent', { x: cx, m: cm, count: cc }, leaves, treedef);
    expect(matched).toHaveLength(3);
    expect(matched[0]).toBeNull();
    expect(matched[1]).toBe(cm);
    expect(matched[2]).toBe(cx);
  });

  it('gives null at an integer position whatever is there', () => {
    const matched = matchLeaves('jvp', 'tangents', { x, m, count: 'ignored' }, leaves, treedef);
    expect(matched[0]).toBeNull();
    expect(matched[2]).toBe(x);
  });

  it('refuses another tree structure with a ShapeError naming the op and argument', () => {
    expect(() => matchLeaves('vjp', 'cotangent', { x, m }, leaves, treedef)).toThrow(ShapeError);
    expect(() => matchLeaves('vjp', 'cotangent', { x, m }, leaves, treedef)).toThrow(
      "vjp: argument 'cotangent' must have the same tree structure as the value it pairs with",
    );
    expect(() => matchLeaves('jvp', 'tangents', [x, m, count], leaves, treedef)).toThrow(
      "jvp: argument 'tangents' must have the same tree structure",
    );
  });

  it('refuses a non-tensor at a floating-point position, naming the leaf', () => {
    expect(() => matchLeaves('vjp', 'cotangent', { x: 1, m, count }, leaves, treedef)).toThrow(
      ValueError,
    );
    expect(() => matchLeaves('vjp', 'cotangent', { x: 1, m, count }, leaves, treedef)).toThrow(
      "vjp: argument 'cotangent' must hold tensors, got number at leaf 2",
    );
  });

  it('refuses another shape, also one of the same size or one that would broadcast', () => {
    const check = (value: Tensor) => () =>
      matchLeaves('vjp', 'cotangent', { x, m: value, count }, leaves, treedef);
    expect(check(tensor([1, 2, 3, 4, 5, 6], [3, 2]))).toThrow(ShapeError);
    expect(check(tensor([1, 2, 3, 4, 5, 6], [3, 2]))).toThrow(
      "vjp: argument 'cotangent' has shape [3, 2] at leaf 1 but the value there has shape [2, 3]",
    );
    expect(check(tensor([1, 2, 3, 4, 5, 6], [6]))).toThrow(/has shape \[6\] at leaf 1/);
    expect(check(tensor([1, 2, 3, 4, 5, 6], [1, 2, 3]))).toThrow(/has shape \[1, 2, 3\] at leaf 1/);
    expect(check(tensor([1, 2, 3], [1, 3]))).toThrow(/has shape \[1, 3\] at leaf 1/);
    // The same size and the same leading dims, one dim fewer.
    const column = tensor([1, 2], [2, 1]);
    const [columnLeaves, columnDef] = tree.flatten([column]);
    expect(() =>
      matchLeaves(
        'vjp',
        'cotangent',
        [tensor([1, 2])],
        columnLeaves as Tensor[],
        columnDef as TreeDef<unknown, never>,
      ),
    ).toThrow(
      "vjp: argument 'cotangent' has shape [2] at leaf 0 but the value there has shape [2, 1]",
    );
  });
});
