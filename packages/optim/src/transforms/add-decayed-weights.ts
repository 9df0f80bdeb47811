import {
  add,
  type ElementwiseExpression,
  fusedElementwise,
  gather,
  mul,
  scope,
  type Tensor,
} from '@gradkit/tensor';
import { isRowSparse, RowSparse } from '../row-sparse.js';
import { coalesce } from '../sparse/rows.js';
import type { EmptyState, GradientTransformation, Params } from '../types.js';
import { finite, nonNegative } from '../validate.js';
import { input, plus, times } from './expression.js';
import { addToParam, denseLikeParams, withFusedApply } from './fused-apply.js';
import { mapLeaves, requireParams } from './leaves.js';
import type { Mask } from './mask.js';
import { type MaskedState, masked } from './masked.js';
import { scale } from './scale.js';

const EMPTY: EmptyState = Object.freeze({});

export interface AddDecayedWeightsOptions {
  /** λ; default 0. */
  readonly weightDecay?: number;
  /** Which parameters decay (see `Mask`); all by default. */
  readonly mask?: Mask;
  /**
   * Multiplies the result in the same pass; default 1. AdamW's −learningRate here and
   * `identity()` in place of `scaleByLearningRate` save one kernel per parameter. Not
   * with `mask` (the masked-out updates would stay unscaled).
   */
  readonly scale?: number;
}

/**
 * u ← u + λ·w. Before the scaling it is PyTorch's coupled L2 weight decay; after it (times
 * the learning rate) AdamW's decoupled decay. A RowSparse update (from a lazy Adam) decays
 * only its rows, as MXNet's lazy update does. Needs the parameters. With `scale`,
 * (u + λ·w)·scale in one pass.
 *
 * @example
 * ```ts
 * import { addDecayedWeights, chain, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(addDecayedWeights({ weightDecay: 1e-4 }), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * // The same values, with the learning rate in the same pass:
 * const folded = addDecayedWeights({ weightDecay: 1e-4, scale: -0.01 });
 * ```
 */
export function addDecayedWeights(
  options: AddDecayedWeightsOptions = {},
): GradientTransformation<EmptyState> | GradientTransformation<MaskedState<EmptyState>> {
  const transform = 'addDecayedWeights';
  const weightDecay = nonNegative(transform, 'weightDecay', options.weightDecay ?? 0);
  const factor = finite(transform, 'scale', options.scale ?? 1);
  if (factor !== 1 && options.mask !== undefined) {
    throw new TypeError(`${transform}: 'scale' does not combine with 'mask'`);
  }
  const plain = addScaledParamsScaled(weightDecay, factor, transform);
  return options.mask === undefined ? plain : masked(plain, options.mask);
}

/**
 * u ← u + factor·w for any finite factor (fromage uses a negative one).
 *
 * @example
 * ```ts
 * import { addScaledParams, chain, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(addScaledParams(1e-4), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function addScaledParams(
  factor: number,
  transform = 'addScaledParams',
): GradientTransformation<EmptyState> {
  return addScaledParamsScaled(factor, 1, transform);
}

/** (u + factor·w)·outer, one elementwise pass per dense leaf; the same rounding as two. */
function addScaledParamsScaled(
  factor: number,
  outer: number,
  transform: string,
): GradientTransformation<EmptyState> {
  finite(transform, 'factor', factor);
  if (factor === 0) return scale(outer);
  const expression = (u: ElementwiseExpression, w: ElementwiseExpression) => {
    const decayed = plus(u, times(w, factor));
    return outer === 1 ? decayed : times(decayed, outer);
  };
  const transformation: GradientTransformation<EmptyState> = {
    init: () => EMPTY,
    update: (updates, _state, params) =>
      scope(() => {
        const weights = requireParams(transform, params);
        const [out] = mapLeaves(transform, updates, [weights], (u, w) => {
          if (isRowSparse(u)) {
            // Repeated rows are merged first, so each row decays once.
            const merged = coalesce(u);
            const rows = mul(gather(w!, merged.indices, 0), factor);
            const values = add(merged.values, rows);
            return [
              new RowSparse(
                merged.indices,
                outer === 1 ? values : mul(values, outer),
                u.denseShape,
              ),
            ] as const;
          }
          // One elementwise expression: a single fused kernel where the backend fuses.
          return [fusedElementwise(expression(input(0), input(1)), [u, w!])] as const;
        });
        return [out, EMPTY] as const;
      }),
  };
  // param + (u + factor·param)·outer in one pass when it ends a step.
  return withFusedApply(transformation, (grads, _state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    return scope(() => {
      const [next] = mapLeaves(transform, grads, [params], (u, p) => [
        // The parameter is the last input, input(1).
        addToParam(p!, expression(input(0), input(1)), [u as Tensor], donated),
      ]);
      return [next as Params, EMPTY] as const;
    });
  });
}
