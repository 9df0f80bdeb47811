import {
  clip,
  fullLike,
  greater,
  less,
  logicalOr,
  mul,
  scope,
  sign,
  where,
  zerosLike,
} from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { nonNegative, positive } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface ScaleByRpropOptions {
  /** Step-size factor when the gradient changes sign; default 0.5. */
  readonly etaMinus?: number;
  /** Step-size factor when it keeps its sign; default 1.2. */
  readonly etaPlus?: number;
  /** Default 1e-6. */
  readonly minStepSize?: number;
  /** Default 50. */
  readonly maxStepSize?: number;
}

export interface ScaleByRpropState {
  readonly stepSizes: Updates;
  /** The previous gradient, zeroed where its sign flipped. */
  readonly previous: Updates;
}

/**
 * Rprop (Riedmiller & Braun 1993; iRprop⁻ as PyTorch): s = g·g₋₁;
 * Δ ← clip(Δ·etaPlus, min, max) where s > 0, clip(Δ·etaMinus, min, max) where s < 0;
 * g ← 0 where s < 0; u = Δ·sign(g); g₋₁ ← g. Δ starts at `learningRate`. Add `scale(-1)`
 * to descend (as `rprop` does).
 *
 * @example
 * ```ts
 * import { chain, scale, scaleByRprop } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByRprop(1e-2), scale(-1)); // the step sizes are the learning rate: descend
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByRprop(
  learningRate: number,
  options: ScaleByRpropOptions = {},
): GradientTransformation<ScaleByRpropState> {
  const name = 'scaleByRprop';
  nonNegative(name, 'learningRate', learningRate);
  const etaMinus = positive(name, 'etaMinus', options.etaMinus ?? 0.5);
  const etaPlus = positive(name, 'etaPlus', options.etaPlus ?? 1.2);
  const minStep = nonNegative(name, 'minStepSize', options.minStepSize ?? 1e-6);
  const maxStep = nonNegative(name, 'maxStepSize', options.maxStepSize ?? 50);
  return {
    init: (params: Params) =>
      deepFreeze({
        stepSizes: mapParams(params, (p) => fullLike(p, learningRate)),
        previous: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByRprop', state);
        const [out, stepSizes, previous] = mapDenseLeaves(
          name,
          updates,
          [state.stepSizes, state.previous],
          (g, step0, previous0) => {
            const agreement = mul(g, previous0!);
            const grow = greater(agreement, 0);
            const shrink = less(agreement, 0);
            const factor = where(grow, etaPlus, where(shrink, etaMinus, 1));
            const scaled = clip(mul(step0!, factor), minStep, maxStep);
            const step = where(logicalOr(grow, shrink), scaled, step0!);
            const kept = where(shrink, 0, g);
            return [mul(step, sign(kept)), step, kept] as const;
          },
        );
        return [out, deepFreeze({ stepSizes, previous })] as const;
      }),
  };
}
