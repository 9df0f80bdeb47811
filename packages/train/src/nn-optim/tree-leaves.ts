import { isRowSparse, type RowSparse, type Updates } from '@gradkit/optim';
import { ShapeError, type Tensor, tree } from '@gradkit/tensor';

const leafOptions = { isLeaf: isRowSparse };

/**
 * Calls `fn` on each leaf of `updates` with the leaves at the same place in `others` (moment
 * trees of the same structure) and returns `count` trees, the k-th holding `fn(...)[k]`.
 *
 * For example, `mapLeafTuples('myTransform', grads, [state.mu], 2, (g, [m]) => [next, next])`
 * with `next = m·0.9 + g` returns `[updates, mu]`.
 */
export function mapLeafTuples(
  transform: string,
  updates: Updates,
  others: readonly unknown[],
  count: number,
  fn: (leaf: Tensor | RowSparse, others: readonly Tensor[]) => readonly (Tensor | RowSparse)[],
): Updates[] {
  const [leaves, definition] = tree.flatten(updates, leafOptions);
  const otherLeaves = others.map((other) => {
    const found = tree.leaves(other, leafOptions) as Tensor[];
    if (found.length !== leaves.length) {
      throw new ShapeError(transform, 'state', 'does not have the structure of the updates');
    }
    return found;
  });
  const results = leaves.map((leaf, i) =>
    fn(
      leaf as Tensor | RowSparse,
      otherLeaves.map((found) => found[i]!),
    ),
  );
  return Array.from(
    { length: count },
    (_, k) =>
      tree.unflatten(
        definition,
        results.map((r) => r[k]),
      ) as Updates,
  );
}
