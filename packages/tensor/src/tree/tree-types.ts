/**
 * A parameter tree: arrays and plain objects are nodes, `null` and `undefined` are empty nodes,
 * and everything else (tensors, numbers, strings, class instances, ...) is a leaf.
 */
export type Tree<T> =
  | T
  | null
  | undefined
  | readonly Tree<T>[]
  | { readonly [key: string]: Tree<T> };

/** One step of a path: an object key or an array index. */
export type TreeKey = string | number;

/** The keys leading from the root of a tree to one of its values. */
export type TreePath = readonly TreeKey[];

export interface TreeOptions<L = never> {
  /**
   * Return true to treat `value` as a leaf instead of descending into it. Called on every
   * value, nodes and `null` included. Written as a type guard (`value is L`) it also tells
   * the types which values are leaves.
   */
  readonly isLeaf?: ((value: unknown) => value is L) | ((value: unknown) => boolean);
}

// The types below follow the runtime rules as far as TypeScript can see them. TypeScript cannot
// tell a plain object from a class instance, so an object type counts as a node when it has no
// methods (plain data) and as a leaf when it has some (Tensor, Date, Map, ...).

type Empty = null | undefined;

type MethodKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T];

type IsNode<T> = T extends readonly unknown[]
  ? true
  : T extends (...args: never[]) => unknown
    ? false
    : T extends object
      ? [MethodKeys<T>] extends [never]
        ? true
        : false
      : false;

type Equals<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/**
 * `[T]` when S is the open-ended `Tree<T>` (its arrays hold S itself), else `false`. Such a
 * type has no fixed shape, so it is handled as a whole instead of being walked forever.
 */
type OpenTree<S> =
  Extract<S, readonly unknown[]> extends readonly (infer E)[]
    ? Equals<E, S> extends true
      ? [S] extends [Tree<infer T>]
        ? [T]
        : false
      : false
    : false;

type ChildLeafOf<C, L> = OpenTree<C> extends [infer T] ? T | L : LeafOf<C, L>;

/**
 * The union of the leaf types of a tree type S. L is the type `isLeaf` guards for.
 *
 * @example
 * ```ts
 * import type { LeafOf, Tensor } from '@gradkit/tensor';
 *
 * type Leaf = LeafOf<{ w: Tensor; b: [number, null] }>; // Tensor | number
 * const leaf: Leaf = 1;
 * ```
 */
export type LeafOf<S, L = never> = S extends L
  ? S
  : S extends Empty
    ? never
    : S extends readonly unknown[]
      ? ChildLeafOf<S[number], L>
      : IsNode<S> extends true
        ? ChildLeafOf<S[keyof S], L>
        : S;

/**
 * The tree type S with every leaf replaced by R (null and undefined stay). L is the type
 * `isLeaf` guards for.
 *
 * @example
 * ```ts
 * import type { MapTree, Tensor } from '@gradkit/tensor';
 *
 * type Sizes = MapTree<{ dense: { weight: Tensor } }, number>; // { dense: { weight: number } }
 * const sizes: Sizes = { dense: { weight: 6 } };
 * ```
 */
export type MapTree<S, R, L = never> = OpenTree<S> extends [unknown] ? Tree<R> : MapNodes<S, R, L>;

type MapNodes<S, R, L> = S extends L
  ? R
  : S extends Empty
    ? S
    : IsNode<S> extends true
      ? { [K in keyof S]: MapTree<S[K], R, L> }
      : R;

/** The leaf types of several trees, as a tuple: the extra arguments of `map`'s function. */
export type LeavesOf<Trees extends readonly unknown[], L = never> = {
  [K in keyof Trees]: LeafOf<Trees[K], L>;
};
