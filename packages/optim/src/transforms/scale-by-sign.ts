import { scope, sign } from '@gradkit/tensor';
import type { EmptyState, GradientTransformation } from '../types.js';
import { mapDenseLeaves } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/** u ← sign(u) (signSGD, Bernstein et al. 2018). */
export function scaleBySign(): GradientTransformation<EmptyState> {
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [out] = mapDenseLeaves('scaleBySign', updates, [], (u) => [sign(u)] as const);
        return [out, EMPTY] as const;
      }),
  };
}
