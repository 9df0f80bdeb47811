import { scope, type Tensor, type Tree, tree, ValueError } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import type { RowSparse } from '../row-sparse.js';
import type { EmptyState, Params, Updates } from '../types.js';
import type { GradientTransformationExtraArgs } from './extra-args.js';
import { zerosLikeUpdates } from './tree-helpers.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * Which parameters a combinator acts on: `true`/`false` for all, a tree of booleans in the
 * parameters' structure, or a predicate on each parameter's dotted path
 * (`tree.pathToString`, e.g. `layers[0].bias`) and value (the update leaf when `update` gets
 * no parameters), so "every name containing beta or gamma" is
 * `(path) => /beta|gamma/.test(path)`.
 */
export type ParamMask = Tree<boolean> | ((path: string, param: Tensor | RowSparse) => boolean);

/** @internal The mask as one boolean per leaf of `value`, in flatten order. */
export function maskLeaves(name: string, mask: ParamMask, value: Params | Updates): boolean[] {
  if (typeof mask === 'boolean') {
    return tree.leaves(value, { isLeaf: isGradientLeaf }).map(() => mask);
  }
  if (typeof mask === 'function') {
    return tree
      .leavesWithPath(value, { isLeaf: isGradientLeaf })
      .map(([path, leaf]) => Boolean(mask(tree.pathToString(path), leaf as Tensor | RowSparse)));
  }
  const flags = tree.leaves(mask);
  const leafCount = tree.leaves(value, { isLeaf: isGradientLeaf }).length;
  if (flags.length !== leafCount || !tree.structureEqual(mask, value, { isLeaf: isGradientLeaf })) {
    throw new ValueError(
      name,
      'mask',
      "must hold one boolean per parameter, in the parameters' structure",
    );
  }
  flags.forEach((flag) => {
    if (typeof flag !== 'boolean') {
      throw new ValueError(name, 'mask', `must hold booleans, got ${JSON.stringify(flag)}`);
    }
  });
  return flags as boolean[];
}

/**
 * Zero updates for the parameters `mask` selects, leaving the others unchanged (Optax's
 * `freeze`, which is `masked(setToZero(), mask)`). Keeps no state. A frozen RowSparse leaf
 * stays sparse with zero rows.
 *
 * @example
 * ```ts
 * import { adam, chain, freeze } from '@gradkit/optim';
 *
 * // the encoder gets zero updates and keeps no optimizer state
 * const optimizer = chain(freeze({ encoder: true, head: false }), adam(1e-3));
 * ```
 */
export function freeze(mask: ParamMask): GradientTransformationExtraArgs<EmptyState> {
  const name = 'freeze';
  if (
    typeof mask !== 'function' &&
    typeof mask !== 'boolean' &&
    (typeof mask !== 'object' || mask === null)
  ) {
    throw new ValueError(
      name,
      'mask',
      `must be a tree of booleans or a predicate, got ${String(mask)}`,
    );
  }
  return {
    init: (params) => {
      maskLeaves(name, mask, params); // fail early on a mask that does not fit
      return EMPTY;
    },
    update: (updates, _state, params) =>
      scope(() => {
        // A predicate sees the parameter when there is one, as `masked` does.
        const flags = maskLeaves(name, mask, params ?? updates);
        const [leaves, def] = tree.flatten(updates, { isLeaf: isGradientLeaf });
        const next = leaves.map((leaf, i) => (flags[i] ? zerosLikeUpdates(leaf as Updates) : leaf));
        return [tree.unflatten(def, next) as Updates, EMPTY] as const;
      }),
  };
}
