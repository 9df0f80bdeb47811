import { type Tensor, tree, ValueError } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import type { Params, Updates } from '../types.js';

/**
 * Which leaves a transform applies to: `true`/`false` for all, a tree of booleans in the
 * structure of the parameters, or a predicate on the dotted path of each parameter
 * (`tree.pathToString`, e.g. `dense.weight`, `layers[0].bias`) and the parameter itself
 * (the update leaf when `update` is called without parameters):
 * `(path) => !/beta|gamma/.test(path)` skips names containing beta or gamma.
 */
export type Mask =
  | boolean
  | ((path: string, param: Tensor) => boolean)
  | { readonly [key: string]: MaskTree }
  | readonly MaskTree[];
type MaskTree =
  | boolean
  | null
  | undefined
  | { readonly [key: string]: MaskTree }
  | readonly MaskTree[];

const leafOptions = { isLeaf: isGradientLeaf };

/** The mask as a tree of booleans in the structure of `target` (updates or parameters). */
export function resolveMask(
  transform: string,
  mask: Mask,
  target: Updates | Params,
  params?: Params,
): Updates {
  if (typeof mask === 'boolean') return tree.map(leafOptions, () => mask, target) as Updates;
  if (typeof mask === 'function') {
    const source = params ?? target;
    return tree.mapWithPath(
      leafOptions,
      (path, leaf: unknown) => {
        const chosen = mask(tree.pathToString(path), leaf as Tensor);
        if (typeof chosen !== 'boolean') {
          throw new ValueError(transform, 'mask', `must return a boolean, got ${String(chosen)}`);
        }
        return chosen;
      },
      source as unknown,
    ) as Updates;
  }
  if (!tree.structureEqual(target, mask, leafOptions)) {
    throw new ValueError(
      transform,
      'mask',
      'must be a boolean, a predicate, or a tree of booleans in the structure of the parameters',
    );
  }
  return mask as unknown as Updates;
}

/** `target` with the leaves where `flags` is false replaced by null (empty nodes, skipped). */
export function selectLeaves(target: Updates, flags: Updates): Updates {
  return tree.map(
    leafOptions,
    (leaf: unknown, flag: unknown) => (flag === true ? leaf : null),
    target,
    flags,
  ) as Updates;
}
