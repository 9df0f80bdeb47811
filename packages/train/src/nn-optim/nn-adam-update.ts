import type { GradientTransformation, Params, Schedule, Updates } from '@gradkit/optim';
import { adamFamilyLeaf, checkState } from '@gradkit/optim';
import { add, div, mul, scope, sqrt, type Tensor, tree, zerosLike } from '@gradkit/tensor';
import { mapLeafTuples } from './tree-leaves.js';

const f32 = Math.fround;

export interface NnAdamUpdateOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly useNesterov?: boolean;
  /** Step only the rows a RowSparse gradient lists (LazyAdam); otherwise it is densified. */
  readonly lazy?: boolean;
}

/** Plain data: the step count, the float32 running products β1ᵗ and β2ᵗ, the moments. */
export interface NnAdamState {
  readonly count: number;
  readonly beta1Power: number;
  readonly beta2Power: number;
  readonly moment1: Updates;
  readonly moment2: Updates;
}

/**
 * MindSpore's nn.Adam step as a transform (its eps sits outside the bias correction, which no
 * @gradkit/optim transform does, so it lives here), giving the update to add to the weights:
 *
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 *   l = α·√(1−β2ᵗ)/(1−β1ᵗ),   u = −l·m/(√v + ε)   (nesterov: m replaced by β1·m + (1−β1)·g)
 *
 * β1ᵗ and β2ᵗ are float32 running products (βᵗ = f32(βᵗ⁻¹·β)) and l is one float32 scalar,
 * as MindSpore's `beta1_power`/`lr_t`, which is why the learning rate α (a function of the
 * step count, from 0) is part of this transform rather than a `scaleByLearningRate` after it.
 *
 * @example
 * ```ts
 * import { applyUpdates } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 * import { nn } from '@gradkit/train';
 *
 * const params = { w: tensor([1, 2]) };
 * const transform = nn.nnAdamUpdate(() => 0.01, { beta1: 0.9, beta2: 0.999, eps: 1e-8 });
 * const state = transform.init(params);
 * const [updates, next] = transform.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const newParams = applyUpdates(params, updates);
 * ```
 */
export function nnAdamUpdate(
  learningRate: Schedule,
  options: NnAdamUpdateOptions,
): GradientTransformation<NnAdamState> {
  const b1 = f32(options.beta1);
  const b2 = f32(options.beta2);
  const c1 = f32(1 - b1);
  const c2 = f32(1 - b2);
  const eps = f32(options.eps);
  const nesterov = options.useNesterov ?? false;
  const lazy = options.lazy ?? false;
  return {
    init: (params: Params) =>
      Object.freeze({
        count: 0,
        beta1Power: 1,
        beta2Power: 1,
        moment1: tree.map((p: Tensor) => zerosLike(p), params) as Updates,
        moment2: tree.map((p: Tensor) => zerosLike(p), params) as Updates,
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('nnAdamUpdate', state);
        const beta1Power = f32(state.beta1Power * b1);
        const beta2Power = f32(state.beta2Power * b2);
        const alpha = f32(learningRate(state.count));
        const l = f32(f32(alpha * f32(Math.sqrt(f32(1 - beta2Power)))) / f32(1 - beta1Power));
        const [out, moment1, moment2] = mapLeafTuples(
          'nnAdamUpdate',
          updates,
          [state.moment1, state.moment2],
          3,
          (leaf, [m0, v0]) =>
            adamFamilyLeaf(leaf, [m0!, v0!], lazy, (g, [mPrev, vPrev]) => {
              const m = add(mul(mPrev!, b1), mul(g, c1));
              const v = add(mul(vPrev!, b2), mul(mul(g, g), c2));
              const numerator = nesterov ? add(mul(m, b1), mul(g, c1)) : m;
              return [div(mul(numerator, -l), add(sqrt(v), eps)), m, v];
            }),
        );
        const next: NnAdamState = Object.freeze({
          count: state.count + 1,
          beta1Power,
          beta2Power,
          moment1: moment1!,
          moment2: moment2!,
        });
        return [out!, next] as const;
      }),
  };
}
