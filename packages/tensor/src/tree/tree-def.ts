import type { TreeKey, TreePath } from './tree-types.js';

/** One node of a tree's structure; plain data, so it serializes with JSON.stringify. */
export type TreeDefNode =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'null' }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'array'; readonly children: readonly TreeDefNode[] }
  | {
      readonly kind: 'object';
      /** Sorted. */
      readonly keys: readonly string[];
      readonly children: readonly TreeDefNode[];
    };

export const leafNode: TreeDefNode = Object.freeze({ kind: 'leaf' });
export const nullNode: TreeDefNode = Object.freeze({ kind: 'null' });
export const undefinedNode: TreeDefNode = Object.freeze({ kind: 'undefined' });

export function arrayNode(children: TreeDefNode[]): TreeDefNode {
  return Object.freeze({ kind: 'array', children: Object.freeze(children) });
}

export function objectNode(keys: string[], children: TreeDefNode[]): TreeDefNode {
  return Object.freeze({
    kind: 'object',
    keys: Object.freeze(keys),
    children: Object.freeze(children),
  });
}

function countLeaves(node: TreeDefNode): number {
  if (node.kind === 'leaf') return 1;
  if (node.kind === 'array' || node.kind === 'object') {
    let count = 0;
    for (const child of node.children) count += countLeaves(child);
    return count;
  }
  return 0;
}

const plainKey = /^[A-Za-z_$][\w$]*$/;

function render(node: TreeDefNode): string {
  switch (node.kind) {
    case 'leaf':
      return '*';
    case 'null':
    case 'undefined':
      return node.kind;
    case 'array':
      return `[${node.children.map(render).join(', ')}]`;
    case 'object': {
      const entries = node.keys.map((key, i) => {
        const name = plainKey.test(key) ? key : JSON.stringify(key);
        return `${name}: ${render(node.children[i]!)}`;
      });
      return `{${entries.join(', ')}}`;
    }
  }
}

/**
 * The structure of a tree without its leaves, as made by `tree.flatten`: immutable, comparable
 * with `tree.treedefEqual`, and `JSON.stringify`-able. `S` is the tree type it came from and `L`
 * the type `isLeaf` guarded for, so that `tree.unflatten` can give back a precise type.
 *
 * @example
 * ```ts
 * import { tensor, tree, type TreeDef } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]), b: tensor([0]) };
 * const [leaves, treedef] = tree.flatten(params);
 * treedef.numLeaves; // 2
 * const doubled = tree.unflatten(treedef, leaves.map((t) => t.dataSync()[0]));
 * ```
 */
export class TreeDef<S = unknown, L = never> {
  readonly numLeaves: number;
  /** @internal */
  readonly root: TreeDefNode;
  // Type-only (never set): ties a treedef to its tree type. Protected, not private, so that
  // declaration files keep the type.
  declare protected readonly structure?: [S, L];

  /** @internal Use `tree.flatten` instead. */
  constructor(root: TreeDefNode) {
    this.root = root;
    this.numLeaves = countLeaves(root);
    Object.freeze(this);
  }

  /** Like `TreeDef({dense: {bias: *, weight: *}, steps: [*, null]})`, where `*` is a leaf. */
  toString(): string {
    return `TreeDef(${render(this.root)})`;
  }

  toJSON(): TreeDefNode {
    return this.root;
  }
}

/** `an array of length 2`, `an object with keys [a, b]`, ... for error messages. */
export function describeNode(node: TreeDefNode): string {
  switch (node.kind) {
    case 'leaf':
      return 'a leaf';
    case 'null':
    case 'undefined':
      return node.kind;
    case 'array':
      return `an array of length ${node.children.length}`;
    case 'object':
      return `an object with keys [${node.keys.join(', ')}]`;
  }
}

export interface StructureDifference {
  readonly path: TreePath;
  readonly expected: TreeDefNode;
  readonly actual: TreeDefNode;
}

/** The first place, in flatten order, where two structures differ; undefined if they match. */
export function findDifference(
  expected: TreeDefNode,
  actual: TreeDefNode,
  path: TreeKey[] = [],
): StructureDifference | undefined {
  if (!sameNode(expected, actual)) return { path: [...path], expected, actual };
  if (expected.kind !== 'array' && expected.kind !== 'object') return undefined;
  const actualChildren = (actual as typeof expected).children;
  for (let i = 0; i < expected.children.length; i++) {
    path.push(expected.kind === 'array' ? i : expected.keys[i]!);
    const difference = findDifference(expected.children[i]!, actualChildren[i]!, path);
    path.pop();
    if (difference !== undefined) return difference;
  }
  return undefined;
}

/** Same kind, same array length, same object keys; children are not compared. */
function sameNode(a: TreeDefNode, b: TreeDefNode): boolean {
  if (a.kind === 'array' && b.kind === 'array') return a.children.length === b.children.length;
  if (a.kind === 'object' && b.kind === 'object') {
    return a.keys.length === b.keys.length && a.keys.every((key, i) => key === b.keys[i]);
  }
  return a.kind === b.kind;
}

/** Whether two treedefs describe the same structure. */
export function treedefEqual(a: TreeDef<unknown, unknown>, b: TreeDef<unknown, unknown>): boolean {
  return a === b || findDifference(a.root, b.root) === undefined;
}
