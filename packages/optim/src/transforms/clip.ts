import { clip as clipValues, scope } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapDenseLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/** Elementwise clipping: u ← min(max(u, −maxDelta), maxDelta). */
export function clip(maxDelta: number): GradientTransformation<EmptyState> {
  nonNegative('clip', 'maxDelta', maxDelta);
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapDenseLeaves(
          'clip',
          updates,
          [],
          (u) => [clipValues(u, -maxDelta, maxDelta)] as const,
        );
        return [out, EMPTY] as const;
      }),
  };
}
