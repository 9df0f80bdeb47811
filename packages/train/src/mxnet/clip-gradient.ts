import type { EmptyState, GradientTransformation, Updates } from '@gradkit/optim';
import { identity, isRowSparse, RowSparse } from '@gradkit/optim';
import { clip, scope, type Tensor, tree } from '@gradkit/tensor';

const EMPTY: EmptyState = Object.freeze({});

/**
 * MXNet's `clip_gradient`: each element into [−c, c]. Unlike @gradkit/optim's `clip` it also
 * takes a RowSparse gradient (its rows are clipped), which a lazy update needs.
 */
export function clipGradient(c: number | null): GradientTransformation<EmptyState> {
  if (c === null) return identity();
  const clipLeaf = (u: Tensor | RowSparse) =>
    isRowSparse(u) ? new RowSparse(u.indices, clip(u.values, -c, c), u.denseShape) : clip(u, -c, c);
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(
        () => [tree.map({ isLeaf: isRowSparse }, clipLeaf, updates) as Updates, EMPTY] as const,
      ),
  };
}
