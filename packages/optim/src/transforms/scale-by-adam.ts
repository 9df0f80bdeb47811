import {
  adamStep,
  applyAdamStep,
  donate,
  scope,
  type Tensor,
  tree,
  zerosLike,
} from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { isRowSparse } from '../row-sparse.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { finite } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { withFusedApply } from './fused-apply.js';
import { deepFreeze, mapLeaves, mapParams } from './leaves.js';
import { type ScaleByAmsgradState, scaleByAmsgrad } from './scale-by-amsgrad.js';

export interface ScaleByAdamOptions extends AdamFamilyOptions {
  /** Nesterov momentum (Dozat 2016; Optax's `nesterov`); default false. */
  readonly nesterov?: boolean;
  /**
   * Multiplies the update in the same pass; default 1. A constant −learningRate here and
   * `identity()` in place of `scaleByLearningRate` save one kernel per parameter.
   */
  readonly scale?: number;
  /**
   * AMSGrad (`scaleByAmsgrad`): the running maximum over bias-corrected v̂, as MindSpore's
   * and PyTorch's documentation write it ('vHat'), or over raw v, as PyTorch's code computes
   * it ('rawV'). The state then holds `nuMax` too. Default: plain Adam.
   */
  readonly amsgrad?: 'vHat' | 'rawV';
}

export interface ScaleByAdamState {
  readonly count: number;
  readonly mu: Updates;
  readonly nu: Updates;
}

/**
 * Adam's rescaling (Kingma & Ba 2014), as Optax's `scale_by_adam`:
 * m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g², t ← t + 1,
 * u = m̂ / (√(v̂ + epsRoot) + eps) with m̂ = m/(1−b1ᵗ), v̂ = v/(1−b2ᵗ)
 * (with `nesterov`, m̂ = b1·m/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ)). Dense leaves go through
 * tensor's `adamStep` (the backend's fused kernel when it has one). RowSparse gradients are
 * accepted, see `lazy`. The variants are options: `nesterov`, `amsgrad` ('vHat' or 'rawV'),
 * and `scale` to fold a constant −learningRate into the same pass.
 *
 * @example
 * ```ts
 * import { chain, scaleByAdam, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAdam(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * const pytorchAmsgrad = scaleByAdam({ amsgrad: 'rawV' }); // the maximum over raw v
 * ```
 */
export function scaleByAdam(
  options: ScaleByAdamOptions & { readonly amsgrad: 'vHat' | 'rawV' },
): GradientTransformation<ScaleByAmsgradState>;
export function scaleByAdam(
  options?: ScaleByAdamOptions & { readonly amsgrad?: undefined },
): GradientTransformation<ScaleByAdamState>;
export function scaleByAdam(
  options?: ScaleByAdamOptions,
): GradientTransformation<ScaleByAdamState> | GradientTransformation<ScaleByAmsgradState>;
export function scaleByAdam(
  options: ScaleByAdamOptions = {},
): GradientTransformation<ScaleByAdamState> | GradientTransformation<ScaleByAmsgradState> {
  const { amsgrad, ...adam } = options;
  if (amsgrad === undefined) return scaledAdam(adam, 1);
  if (amsgrad !== 'vHat' && amsgrad !== 'rawV') {
    throw new TypeError(
      `scaleByAdam: argument 'amsgrad' must be 'vHat' or 'rawV', got ${String(amsgrad)}`,
    );
  }
  if (adam.nesterov === true || (adam.scale !== undefined && adam.scale !== 1)) {
    throw new TypeError("scaleByAdam: 'amsgrad' takes neither 'nesterov' nor 'scale'");
  }
  const { nesterov: _nesterov, scale: _scale, ...rest } = adam;
  return scaleByAmsgrad({ ...rest, variant: amsgrad === 'vHat' ? 'documented' : 'pytorch' });
}

/**
 * @internal `scaleByAdam` whose updates come out multiplied by `factor` in the same fused
 * pass: `adam` folds −learningRate in here instead of running a separate scaling pass.
 */
export function scaledAdam(
  options: ScaleByAdamOptions,
  factor: number,
): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, lazy } = resolveAdamOptions('scaleByAdam', options);
  const nesterov = options.nesterov ?? false;
  const scale = factor * finite('scaleByAdam', 'scale', options.scale ?? 1);
  const transformation: GradientTransformation<ScaleByAdamState> = {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state, _params, extra) =>
      scope(() => {
        checkState('scaleByAdam', state);
        const count = state.count + 1;
        // Donated moments are written in place (the moments of a lazy step's rows are
        // temporaries, which donating frees early).
        const give = extra?.donate === true ? (t: Tensor) => donate(t) : (t: Tensor) => t;
        const [out, mu, nu] = mapLeaves('scaleByAdam', updates, [state.mu, state.nu], (g, m, v) =>
          adamFamilyLeaf(g, [m, v], lazy, (gradient, [m0, v0]) => {
            const r = adamStep(gradient, give(m0 as Tensor), give(v0 as Tensor), {
              b1,
              b2,
              eps,
              epsRoot,
              count,
              nesterov,
              scale,
            });
            return [r.update, r.firstMoment, r.secondMoment];
          }),
        );
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
  // params + update in the same pass as the moments (dense gradients only).
  return withFusedApply(transformation, (grads, state, params, donated) => {
    const gradientLeaves = tree.leaves(grads, { isLeaf: isRowSparse });
    if (gradientLeaves.some((leaf) => isRowSparse(leaf))) return undefined;
    const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
    return scope(() => {
      checkState('scaleByAdam', state);
      const count = state.count + 1;
      const [next, mu, nu] = mapLeaves(
        'scaleByAdam',
        grads,
        [state.mu, state.nu, params],
        (g, m, v, p) => {
          const r = applyAdamStep(
            give(p as Tensor),
            g as Tensor,
            give(m as Tensor),
            give(v as Tensor),
            {
              b1,
              b2,
              eps,
              epsRoot,
              count,
              nesterov,
              scale,
            },
          );
          return [r.param, r.firstMoment, r.secondMoment];
        },
      );
      return [next as Params, deepFreeze({ count, mu, nu })] as const;
    });
  });
}
