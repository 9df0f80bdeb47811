import { ValueError } from '../errors.js';
import { pathToString } from './paths.js';
import {
  arrayNode,
  leafNode,
  nullNode,
  objectNode,
  TreeDef,
  type TreeDefNode,
  undefinedNode,
} from './tree-def.js';
import type { TreeKey, TreeOptions, TreePath } from './tree-types.js';

/** Objects made by `{}`, `Object.create(null)` or JSON.parse; class instances are leaves. */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export interface Flattened {
  readonly leaves: unknown[];
  /** One path per leaf; empty unless asked for. */
  readonly paths: TreePath[];
  readonly treedef: TreeDef;
}

/**
 * Walks `value` depth first, arrays in index order and objects in sorted key order, collecting
 * its leaves (and their paths if `withPaths`) and its structure. Throws a ValueError naming
 * `op` and `argument` if the tree contains itself.
 */
export function walk(
  op: string,
  argument: string,
  value: unknown,
  options: TreeOptions<unknown> | undefined,
  withPaths = false,
): Flattened {
  const isLeaf = options?.isLeaf;
  const leaves: unknown[] = [];
  const paths: TreePath[] = [];
  const path: TreeKey[] = [];
  // Only the nodes on the current path: a node shared by two branches is not a cycle.
  const ancestors = new Set<object>();

  const addLeaf = (leaf: unknown): TreeDefNode => {
    leaves.push(leaf);
    if (withPaths) paths.push([...path]);
    return leafNode;
  };

  const visitChild = (node: object, key: TreeKey): TreeDefNode => {
    path.push(key);
    const child = visit((node as Record<TreeKey, unknown>)[key]);
    path.pop();
    return child;
  };

  const visit = (node: unknown): TreeDefNode => {
    if (isLeaf?.(node)) return addLeaf(node);
    if (node === null) return nullNode;
    if (node === undefined) return undefinedNode;
    if (typeof node !== 'object') return addLeaf(node);
    const isArray = Array.isArray(node);
    if (!isArray && !isPlainObject(node)) return addLeaf(node);
    if (ancestors.has(node)) {
      throw new ValueError(op, argument, `contains a cycle at path ${pathToString(path)}`);
    }
    ancestors.add(node);
    let result: TreeDefNode;
    if (isArray) {
      const children: TreeDefNode[] = [];
      for (let i = 0; i < node.length; i++) children.push(visitChild(node, i));
      result = arrayNode(children);
    } else {
      const keys = Object.keys(node).sort();
      const children = keys.map((key) => visitChild(node, key));
      result = objectNode(keys, children);
    }
    ancestors.delete(node);
    return result;
  };

  const root = visit(value);
  return { leaves, paths, treedef: new TreeDef(root) };
}

/** Rebuilds a tree from its structure and leaves (whose count the caller has checked). */
export function build(treedef: TreeDef<unknown, unknown>, leaves: readonly unknown[]): unknown {
  let next = 0;
  const visit = (node: TreeDefNode): unknown => {
    switch (node.kind) {
      case 'leaf':
        return leaves[next++];
      case 'null':
        return null;
      case 'undefined':
        return undefined;
      case 'array':
        return node.children.map(visit);
      case 'object':
        // fromEntries defines keys as own data properties, so even `__proto__` stays a key.
        return Object.fromEntries(node.keys.map((key, i) => [key, visit(node.children[i]!)]));
    }
  };
  return visit(treedef.root);
}
