import { clip as clipValues, scope } from '@gradkit/tensor';
import { isRowSparse, RowSparse } from '../row-sparse.js';
import { coalesce } from '../sparse/rows.js';
import type { EmptyState, GradientTransformation } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * Elementwise clipping: u ← min(max(u, −maxDelta), maxDelta). Accepts RowSparse updates.
 *
 * @example
 * ```ts
 * import { chain, clip, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(clip(1), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function clip(maxDelta: number): GradientTransformation<EmptyState> {
  nonNegative('clip', 'maxDelta', maxDelta);
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapLeaves('clip', updates, [], (u) => {
          if (!isRowSparse(u)) return [clipValues(u, -maxDelta, maxDelta)] as const;
          // A sparse gradient is clipped row by row after merging repeated rows, so the clip
          // applies to each row's total as it would to the dense gradient.
          const merged = coalesce(u);
          const values = clipValues(merged.values, -maxDelta, maxDelta);
          return [new RowSparse(merged.indices, values, u.denseShape)] as const;
        });
        return [out, EMPTY] as const;
      }),
  };
}
