import { pathToString } from './paths.js';
import {
  flatten,
  leaves,
  leavesWithPath,
  map,
  map2,
  mapWithPath,
  structureEqual,
  unflatten,
  zip,
} from './tree.js';
import { treedefEqual } from './tree-def.js';

export type { TreeDef } from './tree-def.js';
export type { LeafOf, MapTree, Tree, TreeKey, TreeOptions, TreePath } from './tree-types.js';

/**
 * Functions over parameter trees (nested arrays and plain objects of tensors or other leaves),
 * after JAX's `jax.tree_util`.
 *
 * - Arrays and plain objects (prototype `Object.prototype` or `null`) are nodes; `null` and
 *   `undefined` are empty nodes, kept in place; anything else is a leaf.
 * - Object keys are visited in sorted order (`Array.prototype.sort`'s default, as JAX sorts dict
 *   keys), so flattening never depends on insertion order, and rebuilt objects list their keys in
 *   that order (JavaScript still lists integer-like keys first).
 * - Inputs are never changed; results are fresh arrays and plain objects.
 * - Options (`{ isLeaf }`) come last, except in `map` and `mapWithPath`, whose trees are
 *   variadic: there they come first, as in `tree.map({ isLeaf }, fn, a, b)`.
 */
export const tree = {
  map,
  map2,
  mapWithPath,
  zip,
  leaves,
  leavesWithPath,
  flatten,
  unflatten,
  structureEqual,
  treedefEqual,
  pathToString,
};
