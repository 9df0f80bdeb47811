import { ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { map } from '../tree/tree.js';
import type { MapTree } from '../tree/tree-types.js';
import { isTensorJSON, type TensorJSON, tensorFromJSON, tensorToJSON } from './tensor-json.js';

/**
 * A parameter tree or state dict with every tensor replaced by its lossless
 * `{ dtype, shape, data }` form (`tensorToJSON`); other leaves (numbers, strings, booleans)
 * are kept. Pass the result to `JSON.stringify`; `treeFromJSON` reverses it.
 *
 * @example
 * ```ts
 * import { tensor, treeFromJSON, treeToJSON } from '@gradkit/tensor';
 *
 * const params = { dense: { weight: tensor([[1, 2]]), bias: tensor([0]) }, step: 3 };
 * const text = JSON.stringify(treeToJSON(params));
 * const loaded = treeFromJSON(JSON.parse(text)); // the same tree, with new tensors
 * ```
 */
export function treeToJSON<S>(tree: S): MapTree<S, unknown> {
  return map((leaf: unknown) => {
    if (leaf instanceof Tensor) return tensorToJSON(leaf);
    if (typeof leaf === 'number' && !Number.isFinite(leaf)) {
      throw new ValueError(
        'treeToJSON',
        'tree',
        `holds the number ${leaf}, which JSON cannot represent; store it in a tensor`,
      );
    }
    return leaf;
  }, tree) as MapTree<S, unknown>;
}

/**
 * Reads back what `treeToJSON` wrote (after `JSON.parse`): every `{ dtype, shape, data }`
 * object becomes a tensor on the backend in force; everything else is kept.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor, treeFromJSON, treeToJSON } from '@gradkit/tensor';
 *
 * const saved = JSON.stringify(treeToJSON({ w: tensor([1, 2]) }));
 * const { w } = treeFromJSON(JSON.parse(saved)) as { w: Tensor };
 * ```
 */
export function treeFromJSON(json: unknown): unknown {
  return map(
    { isLeaf: isTensorJSON },
    (leaf: unknown) => (isTensorJSON(leaf) ? tensorFromJSON(leaf as TensorJSON) : leaf),
    json,
  );
}
