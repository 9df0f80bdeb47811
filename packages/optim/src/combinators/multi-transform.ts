import { scope, type Tensor, type Tree, tree, ValueError } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import { checkState, checkTransform } from '../check-inputs.js';
import type { RowSparse } from '../row-sparse.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import {
  type ExtraArgs,
  type GradientTransformationExtraArgs,
  updateWithExtra,
} from './extra-args.js';

/** A label per parameter (same structure as the parameters), or a function that makes one. */
export type ParamLabels = Tree<string> | ((params: Params) => Tree<string>);

export interface MultiTransformState<L extends string = string> {
  /** Each transform's state, under its label. */
  readonly innerStates: Readonly<Record<L, unknown>>;
}

/**
 * Runs a different transform on each group of parameters (Optax's `multi_transform`, also
 * called `partition`). `paramLabels` gives every parameter a label, as a tree of strings in
 * the parameters' structure or as a function `(params) => tree of labels`; `transforms[label]`
 * then sees only that group. The other parameters are replaced by `null` (an empty node) in
 * what it receives, like Optax's `MaskedNode`, so its state holds nothing for them. A label
 * function is called with `params` when `update` gets them, else with the updates.
 *
 * @example
 * ```ts
 * import { adam, freeze, multiTransform } from '@gradkit/optim';
 * import { tensor, tree } from '@gradkit/tensor';
 *
 * const params = { encoder: { w: tensor([1, 2]) }, head: { w: tensor([3]) } };
 * const opt = multiTransform({ adam: adam(1e-3), frozen: freeze(true) }, (p) =>
 *   tree.mapWithPath((path) => (tree.pathToString(path).startsWith('encoder') ? 'frozen' : 'adam'), p),
 * );
 * const state = opt.init(params);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: each transform's own state type is inferred from `any`.
export function multiTransform<T extends Readonly<Record<string, GradientTransformation<any>>>>(
  transforms: T,
  paramLabels: ParamLabels,
): GradientTransformationExtraArgs<MultiTransformState<Extract<keyof T, string>>> {
  const name = 'multiTransform';
  type Label = Extract<keyof T, string>;
  const groups = Object.keys(transforms) as Label[];
  if (typeof transforms !== 'object' || transforms === null || groups.length === 0) {
    throw new ValueError(name, 'transforms', 'must be a non-empty object of transforms by label');
  }
  for (const group of groups) checkTransform(name, `transforms.${group}`, transforms[group]);
  for (const group of groups) {
    const t = transforms[group];
    if (typeof t?.init !== 'function' || typeof t?.update !== 'function') {
      throw new ValueError(name, 'transforms', `['${group}'] is not a GradientTransformation`);
    }
  }

  const labelsFor = (tree0: Params | Updates): readonly string[] => {
    const labelTree =
      typeof paramLabels === 'function' ? paramLabels(tree0 as Params) : paramLabels;
    const leafCount = tree.leaves(tree0, { isLeaf: isGradientLeaf }).length;
    const labels = tree.leaves(labelTree);
    if (
      labels.length !== leafCount ||
      !tree.structureEqual(labelTree, tree0, { isLeaf: isGradientLeaf })
    ) {
      throw new ValueError(
        name,
        'paramLabels',
        `must give one label per parameter, in the parameters' structure`,
      );
    }
    labels.forEach((label) => {
      if (typeof label !== 'string' || !groups.includes(label as Label)) {
        throw new ValueError(
          name,
          'paramLabels',
          `holds the label ${JSON.stringify(label)}, which names no transform (labels: ${groups.join(', ')})`,
        );
      }
    });
    return labels as string[];
  };

  // The leaves labelled `group`, with null in place of the others.
  const select = <V>(value: V, labels: readonly string[], group: string): V => {
    if (value === undefined) return value;
    const [leaves, def] = tree.flatten(value, { isLeaf: isGradientLeaf });
    return tree.unflatten(
      def,
      leaves.map((leaf, i) => (labels[i] === group ? leaf : null)),
    ) as V;
  };

  return {
    init: (params) => {
      const labels = labelsFor(params);
      const innerStates = Object.fromEntries(
        groups.map((group) => [group, transforms[group]!.init(select(params, labels, group))]),
      );
      return Object.freeze({ innerStates: Object.freeze(innerStates) as Record<Label, unknown> });
    },
    update: (updates, state, params, extra?: ExtraArgs) =>
      scope(() => {
        checkState('multiTransform', state);
        const labels = labelsFor(params ?? updates);
        const [leaves, def] = tree.flatten(updates, { isLeaf: isGradientLeaf });
        const merged: (Tensor | RowSparse)[] = [...(leaves as (Tensor | RowSparse)[])];
        const innerStates: Record<string, unknown> = {};
        for (const group of groups) {
          const [groupUpdates, groupState] = updateWithExtra(
            transforms[group]!,
            select(updates, labels, group),
            state.innerStates[group],
            select(params, labels, group),
            extra,
          );
          const groupLeaves = tree.flatten(groupUpdates, { isLeaf: isGradientLeaf })[0];
          // The group's leaves come back in flatten order; put them at their labels' positions.
          let next = 0;
          labels.forEach((label, i) => {
            if (label === group) merged[i] = groupLeaves[next++] as Tensor | RowSparse;
          });
          innerStates[group] = groupState;
        }
        return [
          tree.unflatten(def, merged) as Updates,
          Object.freeze({ innerStates: Object.freeze(innerStates) as Record<Label, unknown> }),
        ] as const;
      }),
  };
}
