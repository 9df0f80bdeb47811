import { ShapeError, ValueError } from '../errors.js';
import { describePath } from './paths.js';
import { describeNode, findDifference, TreeDef } from './tree-def.js';
import type { LeafOf, LeavesOf, MapTree, TreeOptions, TreePath } from './tree-types.js';
import { build, walk } from './walk.js';

// Every function walks objects in sorted key order (as JAX sorts dict keys), so results never
// depend on the order in which keys were inserted.

type AnyOptions = TreeOptions<unknown> | undefined;

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

function checkFunction(op: string, fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new ValueError(op, 'fn', `must be a function, got ${describeValue(fn)}`);
  }
}

/**
 * The core of every map: flattens each tree, checks that the others have the first one's
 * structure, calls `apply` leaf by leaf and rebuilds the first tree's structure around the
 * results. `names` are the trees' argument names for errors.
 */
function mapTrees(
  op: string,
  names: readonly string[],
  options: AnyOptions,
  apply: (path: TreePath, leaves: unknown[]) => unknown,
  trees: readonly unknown[],
  withPaths = false,
): unknown {
  const flattened = trees.map((tree, i) =>
    walk(op, names[i]!, tree, options, withPaths && i === 0),
  );
  const first = flattened[0];
  if (first === undefined) throw new ValueError(op, 'trees', 'must hold at least one tree');
  const rest = flattened.slice(1);
  for (const [i, other] of rest.entries()) {
    const difference = findDifference(first.treedef.root, other.treedef.root);
    if (difference === undefined) continue;
    throw new ShapeError(
      op,
      names[i + 1],
      `differs from '${names[0]}' at ${describePath(difference.path)}: expected ` +
        `${describeNode(difference.expected)}, got ${describeNode(difference.actual)}`,
    );
  }
  const results = first.leaves.map((leaf, j) =>
    apply(first.paths[j] ?? [], [leaf, ...rest.map((other) => other.leaves[j])]),
  );
  return build(first.treedef, results);
}

/** `tree`, `trees[1]`, `trees[2]`, ...: the names errors give map's arguments. */
function mapArgumentNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'tree' : `trees[${i}]`));
}

/** Splits `(fn, ...trees)` from `(options, fn, ...trees)`. */
function splitMapArguments(args: unknown[]): [AnyOptions, unknown, unknown[]] {
  if (typeof args[0] === 'function') return [undefined, args[0], args.slice(1)];
  return [args[0] as AnyOptions, args[1], args.slice(2)];
}

/**
 * Applies `fn` to every leaf of `tree`, together with the leaves at the same place in `rest`
 * (which must have the same structure, else a ShapeError), and returns a new tree of the same
 * structure holding the results. `null` and `undefined` stay in place. `fn` is called in
 * flatten order. Options, if any, come first because the trees are variadic:
 * `map({ isLeaf }, fn, tree, ...rest)`.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor, tree } from '@gradkit/tensor';
 *
 * const w = tensor([[1, 2], [3, 4]]);
 * const b = tensor([0, 0]);
 * tree.map((w: Tensor) => w.shape.length, { dense: { weight: w, bias: b } });
 * // { dense: { bias: 1, weight: 2 } }, typed { dense: { weight: number; bias: number } }
 * tree.map((p: number, g: number) => p - 0.1 * g, { w: 1, b: 2 }, { w: 10, b: 20 }); // { b: 0, w: 0 }
 * ```
 */
export function map<S, Rest extends readonly unknown[], R>(
  fn: (leaf: LeafOf<S>, ...rest: LeavesOf<Rest>) => R,
  tree: S,
  ...rest: Rest
): MapTree<S, R>;
export function map<S, Rest extends readonly unknown[], R, L = never>(
  options: TreeOptions<L>,
  fn: (leaf: LeafOf<S, L>, ...rest: LeavesOf<Rest, L>) => R,
  tree: S,
  ...rest: Rest
): MapTree<S, R, L>;
export function map(...args: unknown[]): unknown {
  const op = 'tree.map';
  const [options, fn, trees] = splitMapArguments(args);
  checkFunction(op, fn);
  const names = mapArgumentNames(trees.length);
  const call = fn as (...leaves: unknown[]) => unknown;
  return mapTrees(op, names, options, (_path, leaves) => call(...leaves), trees);
}

/**
 * Like `map`, but `fn` also gets the path of each leaf: `fn(path, leaf, ...restLeaves)`.
 * `pathToString` turns a path into a name such as `layers[0].bias`.
 */
export function mapWithPath<S, Rest extends readonly unknown[], R>(
  fn: (path: TreePath, leaf: LeafOf<S>, ...rest: LeavesOf<Rest>) => R,
  tree: S,
  ...rest: Rest
): MapTree<S, R>;
export function mapWithPath<S, Rest extends readonly unknown[], R, L = never>(
  options: TreeOptions<L>,
  fn: (path: TreePath, leaf: LeafOf<S, L>, ...rest: LeavesOf<Rest, L>) => R,
  tree: S,
  ...rest: Rest
): MapTree<S, R, L>;
export function mapWithPath(...args: unknown[]): unknown {
  const op = 'tree.mapWithPath';
  const [options, fn, trees] = splitMapArguments(args);
  checkFunction(op, fn);
  const names = mapArgumentNames(trees.length);
  const call = fn as (path: TreePath, ...leaves: unknown[]) => unknown;
  return mapTrees(op, names, options, (path, leaves) => call(path, ...leaves), trees, true);
}

/**
 * `map` over exactly two trees, where `b` is also checked at compile time to have `a`'s
 * structure (as far as the types can tell).
 */
export function map2<A, B extends MapTree<A, unknown, L>, R, L = never>(
  fn: (a: LeafOf<A, L>, b: LeafOf<B, L>) => R,
  a: A,
  b: B,
  options?: TreeOptions<L>,
): MapTree<A, R, L> {
  const op = 'tree.map2';
  checkFunction(op, fn);
  const call = fn as (a: unknown, b: unknown) => unknown;
  const apply = (_path: TreePath, leaves: unknown[]) => call(leaves[0], leaves[1]);
  return mapTrees(op, ['a', 'b'], options, apply, [a, b]) as MapTree<A, R, L>;
}

/**
 * Pairs up the leaves of trees of the same structure: returns a tree of the first one's
 * structure whose leaves are tuples `[leafOfTrees0, leafOfTrees1, ...]`. The tuples are leaves
 * of the result, but they are arrays, so flattening the result again descends into them; to
 * combine trees leaf by leaf, `map(fn, a, b)` is usually simpler. For `isLeaf`, use
 * `map({ isLeaf }, (...leaves) => leaves, a, b)`.
 *
 * @example
 * ```ts
 * import { tree } from '@gradkit/tensor';
 *
 * tree.zip({ w: 1 }, { w: 'x' }); // { w: [1, 'x'] }
 * ```
 */
export function zip<Trees extends readonly [unknown, ...unknown[]]>(
  ...trees: Trees
): MapTree<Trees[0], LeavesOf<Trees>> {
  const names = trees.map((_, i) => `trees[${i}]`);
  const result = mapTrees('tree.zip', names, undefined, (_path, leaves) => leaves, trees);
  return result as MapTree<Trees[0], LeavesOf<Trees>>;
}

/**
 * The leaves of `tree`, depth first: arrays in index order, objects in sorted key order.
 * `null` and `undefined` have no leaves.
 */
export function leaves<S, L = never>(tree: S, options?: TreeOptions<L>): LeafOf<S, L>[] {
  return walk('tree.leaves', 'tree', tree, options).leaves as LeafOf<S, L>[];
}

/** The leaves of `tree` with their paths, in the order of `leaves`. */
export function leavesWithPath<S, L = never>(
  tree: S,
  options?: TreeOptions<L>,
): [TreePath, LeafOf<S, L>][] {
  const { leaves, paths } = walk('tree.leavesWithPath', 'tree', tree, options, true);
  return leaves.map((leaf, i) => [paths[i]!, leaf as LeafOf<S, L>]);
}

/**
 * Splits `tree` into its leaves (in the order of `leaves`) and its structure; `unflatten`
 * puts them back together.
 */
export function flatten<S, L = never>(
  tree: S,
  options?: TreeOptions<L>,
): [LeafOf<S, L>[], TreeDef<S, L>] {
  const { leaves, treedef } = walk('tree.flatten', 'tree', tree, options);
  return [leaves as LeafOf<S, L>[], treedef as TreeDef<S, L>];
}

/**
 * Builds a fresh tree of `treedef`'s structure holding `leaves` (in flatten order). Objects are
 * rebuilt as plain objects with their keys in sorted order.
 */
export function unflatten<S, L, T>(treedef: TreeDef<S, L>, leaves: readonly T[]): MapTree<S, T, L> {
  const op = 'tree.unflatten';
  if (!(treedef instanceof TreeDef)) {
    const got = describeValue(treedef);
    throw new ValueError(op, 'treedef', `must be a TreeDef made by tree.flatten, got ${got}`);
  }
  if (!Array.isArray(leaves)) {
    throw new ValueError(op, 'leaves', `must be an array, got ${describeValue(leaves)}`);
  }
  if (leaves.length !== treedef.numLeaves) {
    throw new ValueError(
      op,
      'leaves',
      `must hold ${treedef.numLeaves} leaves to fill the treedef, got ${leaves.length}`,
    );
  }
  return build(treedef, leaves) as MapTree<S, T, L>;
}

/**
 * Whether `a` and `b` have the same structure: the same nodes, object keys, array lengths and
 * `null`/`undefined` in the same places. Leaves are not compared.
 */
export function structureEqual(a: unknown, b: unknown, options?: TreeOptions<unknown>): boolean {
  const op = 'tree.structureEqual';
  const structureA = walk(op, 'a', a, options).treedef;
  const structureB = walk(op, 'b', b, options).treedef;
  return findDifference(structureA.root, structureB.root) === undefined;
}
