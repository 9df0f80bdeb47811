import { div, maximum, mean, mul, scope, sqrt } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapDenseLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/** Clips each leaf to a root mean square: u ← u / max(1, rms(u)/threshold). */
export function clipByBlockRms(threshold: number): GradientTransformation<EmptyState> {
  const name = 'clipByBlockRms';
  nonNegative(name, 'threshold', threshold);
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapDenseLeaves(name, updates, [], (u) => {
          const rms = sqrt(mean(mul(u, u)));
          return [div(u, maximum(div(rms, threshold), 1))] as const;
        });
        return [out, EMPTY] as const;
      }),
  };
}
