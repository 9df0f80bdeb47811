import { scope, type Tensor } from '@gradkit/tensor';
import { identity } from '../base.js';
import type { EmptyState, GradientTransformation, Params } from '../types.js';
import { finite } from '../validate.js';
import { input, times } from './expression.js';
import { addToParam, denseLikeParams, withFusedApply } from './fused-apply.js';
import { mapLeaves } from './leaves.js';
import { scaleLeaf } from './scale-leaf.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * Multiplies updates by a fixed `stepSize`: u ← stepSize · u. Accepts RowSparse updates
 * (their values are scaled). `scale(-1)` is PyTorch's `maximize`, placed in front.
 *
 * @example
 * ```ts
 * import { chain, scale, scaleByAdam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdam(), scale(-0.01)); // a fixed learning rate of 0.01: descend
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scale(stepSize: number): GradientTransformation<EmptyState> {
  finite('scale', 'stepSize', stepSize);
  if (stepSize === 1) return identity();
  const transformation: GradientTransformation<EmptyState> = {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const [scaled] = mapLeaves('scale', updates, [], (u) => [scaleLeaf(u, stepSize)] as const);
        return [scaled, EMPTY] as const;
      }),
  };
  // param + u·stepSize in one pass when it ends a step.
  return withFusedApply(transformation, (grads, _state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    return scope(() => {
      const [next] = mapLeaves('scale', grads, [params], (u, p) => [
        addToParam(p!, times(input(0), stepSize), [u as Tensor], donated),
      ]);
      return [next as Params, EMPTY] as const;
    });
  });
}
