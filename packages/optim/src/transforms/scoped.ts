import { scope, tree } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import { isRowSparse } from '../row-sparse.js';
import type { Updates } from '../types.js';

/**
 * Runs one `update` inside a memory scope, so every intermediate tensor is freed and only the
 * returned updates and state survive. `scope` only looks inside arrays and plain objects, so
 * the tensors of RowSparse updates are returned beside the result to keep them alive.
 */
export function scoped<S>(fn: () => readonly [Updates, S]): readonly [Updates, S] {
  return scope(() => {
    const result = fn();
    const sparse = tree
      .leaves(result[0], { isLeaf: isGradientLeaf })
      .filter(isRowSparse)
      .flatMap((leaf) => [leaf.indices, leaf.values]);
    return { result, sparse };
  }).result;
}
