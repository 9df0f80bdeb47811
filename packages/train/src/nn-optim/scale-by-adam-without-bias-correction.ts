import type { GradientTransformation, Params, Updates } from '@gradkit/optim';
import { adamFamilyLeaf } from '@gradkit/optim';
import { add, div, mul, scope, sqrt, type Tensor, tree, zerosLike } from '@gradkit/tensor';
import { mapLeafTuples } from './tree-leaves.js';

export interface AdamMomentsState {
  readonly moment1: Updates;
  readonly moment2: Updates;
}

/**
 * Adam's moments without bias correction, as MindSpore's `nn.AdamWeightDecay` uses them:
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², u = m/(√v + ε). @gradkit/optim's scaleByAdam
 * always bias-corrects, so this small transform lives here.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate } from '@gradkit/optim';
 * import { nn } from '@gradkit/train';
 *
 * const transform = chain(
 *   nn.scaleByAdamWithoutBiasCorrection({ beta1: 0.9, beta2: 0.999, eps: 1e-6 }),
 *   scaleByLearningRate(1e-3),
 * );
 * ```
 */
export function scaleByAdamWithoutBiasCorrection(options: {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}): GradientTransformation<AdamMomentsState> {
  const f32 = Math.fround;
  const b1 = f32(options.beta1);
  const b2 = f32(options.beta2);
  const c1 = f32(1 - b1);
  const c2 = f32(1 - b2);
  const eps = f32(options.eps);
  return {
    init: (params: Params) =>
      Object.freeze({
        moment1: tree.map((p: Tensor) => zerosLike(p), params) as Updates,
        moment2: tree.map((p: Tensor) => zerosLike(p), params) as Updates,
      }),
    update: (updates, state) =>
      scope(() => {
        const [out, moment1, moment2] = mapLeafTuples(
          'scaleByAdamWithoutBiasCorrection',
          updates,
          [state.moment1, state.moment2],
          3,
          (leaf, [m0, v0]) =>
            adamFamilyLeaf(leaf, [m0!, v0!], false, (g, [mPrev, vPrev]) => {
              const m = add(mul(mPrev!, b1), mul(g, c1));
              const v = add(mul(vPrev!, b2), mul(mul(g, g), c2));
              return [div(m, add(sqrt(v), eps)), m, v];
            }),
        );
        return [out!, Object.freeze({ moment1: moment1!, moment2: moment2! })] as const;
      }),
  };
}
