import { donate, fusedElementwiseOutputs, scope, type Tensor, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { EmptyState, GradientTransformation, Params, Updates } from '../types.js';

import { finite, nonNegative } from '../validate.js';
import { adamDirectionOf, firstMomentHatOf, movingAverageOf, scaled } from './adam-formulas.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { addDecayedWeights } from './add-decayed-weights.js';
import { input, over, plus, times } from './expression.js';
import { denseLikeParams, type FusedApply, withFusedApply } from './fused-apply.js';
import { deepFreeze, mapLeaves, mapParams, requireParams } from './leaves.js';
import { type ScaleByAmsgradState, scaleByAmsgrad } from './scale-by-amsgrad.js';
import { advanceCount, type CorrectionSpec, initialCount } from './step-count.js';

const EMPTY_STATE: EmptyState = Object.freeze({});

export interface ScaleByAdamOptions extends AdamFamilyOptions {
  /** Nesterov momentum (Dozat 2016; Optax's `nesterov`); default false. */
  readonly nesterov?: boolean;
  /**
   * Multiplies the update in the same pass; default 1. A constant −learningRate here and
   * `identity()` in place of `scaleByLearningRate` save one kernel per parameter.
   */
  readonly scale?: number;
  /**
   * λ of a decoupled weight decay (AdamW) added to the direction before `scale`:
   * u = (m̂/(√(v̂ + epsRoot) + eps) + λ·param)·scale, the values of
   * `chain(scaleByAdam(), addDecayedWeights({ weightDecay: λ, scale }))`, in Adam's own pass
   * when it ends an `updateAndApply` step. Needs `params`. Default 0.
   */
  readonly decoupledWeightDecay?: number;
  /**
   * AMSGrad (`scaleByAmsgrad`): the running maximum over bias-corrected v̂, as MindSpore's
   * and PyTorch's documentation write it ('vHat'), or over raw v, as PyTorch's code computes
   * it ('rawV'). The state then holds `nuMax` too. Default: plain Adam.
   */
  readonly amsgrad?: 'vHat' | 'rawV';
}

export interface ScaleByAdamState {
  /**
   * Updates so far, a float32 scalar tensor (kept on the device, so that a compiled step
   * does not trace again each step); a number, as states saved before, is read too.
   */
  readonly count: Tensor;
  readonly mu: Updates;
  readonly nu: Updates;
}

/**
 * Adam's rescaling (Kingma & Ba 2014), as Optax's `scale_by_adam`:
 * m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g², t ← t + 1,
 * u = m̂ / (√(v̂ + epsRoot) + eps) with m̂ = m/(1−b1ᵗ), v̂ = v/(1−b2ᵗ)
 * (with `nesterov`, m̂ = b1·m/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ)). Each leaf is one elementwise
 * pass writing the update and both moments (`fusedElementwiseOutputs`). RowSparse gradients are
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
  if (
    adam.nesterov === true ||
    (adam.scale !== undefined && adam.scale !== 1) ||
    (adam.decoupledWeightDecay !== undefined && adam.decoupledWeightDecay !== 0)
  ) {
    throw new TypeError(
      "scaleByAdam: 'amsgrad' takes neither 'nesterov' nor 'scale' nor 'decoupledWeightDecay'",
    );
  }
  const { nesterov: _nesterov, scale: _scale, decoupledWeightDecay: _decay, ...rest } = adam;
  return scaleByAmsgrad({ ...rest, variant: amsgrad === 'vHat' ? 'documented' : 'pytorch' });
}

/**
 * One Adam pass over a parameter's tensors: inputs [g, m, v, 1−b1ᵗ, 1−b2ᵗ, (1−b1ᵗ⁺¹), (p)],
 * outputs [the update, or p + update with `p`; m'; v'], each written into its donated input.
 */
function adamPass(
  hyper: { b1: number; b2: number; eps: number; epsRoot: number; scale: number; decay: number },
  nesterov: boolean,
) {
  const [G, M, V, C1, C2, CN] = [input(0), input(1), input(2), input(3), input(4), input(5)];
  const corrections = nesterov ? 3 : 2;
  const paramIndex = 3 + corrections;
  const m = movingAverageOf(M, G, hyper.b1);
  const v = movingAverageOf(V, times(G, G), hyper.b2);
  const mHat = firstMomentHatOf(m, G, hyper.b1, C1, nesterov ? CN : undefined);
  const direction = adamDirectionOf(mHat, over(v, C2), hyper.eps, hyper.epsRoot);
  // The decay's expression is addDecayedWeights', node for node, so the numbers are its.
  const update =
    hyper.decay === 0
      ? scaled(direction, hyper.scale)
      : scaled(plus(direction, times(input(paramIndex), hyper.decay)), hyper.scale);
  const withParam = [plus(input(paramIndex), update), m, v];
  const withoutParam = [update, m, v];
  return (g: Tensor, m0: Tensor, v0: Tensor, factors: readonly Tensor[], p?: Tensor) =>
    p === undefined
      ? fusedElementwiseOutputs(withoutParam, [g, m0, v0, ...factors], { into: [undefined, 1, 2] })
      : fusedElementwiseOutputs(withParam, [g, m0, v0, ...factors, p], {
          into: [paramIndex, 1, 2],
        });
}

/** 1−b1ᵗ, 1−b2ᵗ (and 1−b1ᵗ⁺¹ with Nesterov): the passes' scalar operands. */
function correctionSpecs(b1: number, b2: number, nesterov: boolean) {
  const specs = [{ base: b1 }, { base: b2 }];
  if (nesterov) specs.push({ base: b1, offset: 1 } as { base: number });
  return specs;
}

/**
 * @internal `scaleByAdam` whose updates come out multiplied by `factor` in the same fused
 * pass: `adam` folds −learningRate in here instead of running a separate scaling pass.
 * `decayName` is the transform a missing `params` is reported for (AdamW's decay).
 */
export function scaledAdam(
  options: ScaleByAdamOptions,
  factor: number,
  decayName = 'scaleByAdam',
): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, lazy } = resolveAdamOptions('scaleByAdam', options);
  const nesterov = options.nesterov ?? false;
  const scale = factor * finite('scaleByAdam', 'scale', options.scale ?? 1);
  const decay = nonNegative(
    'scaleByAdam',
    'decoupledWeightDecay',
    options.decoupledWeightDecay ?? 0,
  );
  if (decay !== 0) return decayedAdam(options, scale, decay, nesterov, decayName);
  const pass = adamPass({ b1, b2, eps, epsRoot, scale, decay: 0 }, nesterov);
  const specs = correctionSpecs(b1, b2, nesterov);
  const transformation: GradientTransformation<ScaleByAdamState> = {
    init: (params: Params) =>
      deepFreeze({
        count: initialCount(),
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state, _params, extra) =>
      scope(() => {
        checkState('scaleByAdam', state);
        // Donated moments are written in place (the moments of a lazy step's rows are
        // temporaries, which donating frees early).
        const donated = extra?.donate === true;
        const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
        const { next, corrections: factors } = advanceCount(
          'scaleByAdam',
          state.count,
          specs,
          donated,
        );
        const [out, mu, nu] = mapLeaves('scaleByAdam', updates, [state.mu, state.nu], (g, m, v) =>
          adamFamilyLeaf(g, [m, v], lazy, (gradient, [m0, v0]) => {
            const [update, m1, v1] = pass(
              gradient,
              give(m0 as Tensor),
              give(v0 as Tensor),
              factors(gradient),
            );
            return [update!, m1!, v1!];
          }),
        );
        return [out, deepFreeze({ count: next() as Tensor, mu, nu })] as const;
      }),
  };
  // params + update in the same pass as the moments (dense gradients only).
  return withFusedApply(transformation, applyInPass(pass, specs));
}

/**
 * Adam with a decoupled weight decay: `update` is Adam's followed by `addDecayedWeights`
 * (sparse gradients included); the `updateAndApply` step is one pass per parameter writing
 * the parameter and both moments, with the same numbers.
 */
function decayedAdam(
  options: ScaleByAdamOptions,
  scale: number,
  decay: number,
  nesterov: boolean,
  decayName: string,
): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot } = resolveAdamOptions('scaleByAdam', options);
  const adam = scaledAdam({ ...options, scale: 1, decoupledWeightDecay: 0 }, 1);
  const decayed = addDecayedWeights({ weightDecay: decay, scale });
  const pass = adamPass({ b1, b2, eps, epsRoot, scale, decay }, nesterov);
  const specs = correctionSpecs(b1, b2, nesterov);
  const transformation: GradientTransformation<ScaleByAdamState> = {
    init: adam.init,
    update: (updates, state, params, extra) =>
      scope(() => {
        const weights = requireParams(decayName, params);
        const [direction, next] = adam.update(updates, state, weights, extra);
        const [update] = decayed.update(direction, EMPTY_STATE as never, weights);
        return [update, next] as const;
      }),
  };
  return withFusedApply(transformation, applyInPass(pass, specs));
}

/**
 * The `updateAndApply` step of both: one pass per parameter writing it and both moments
 * (dense gradients only; undefined otherwise, for the generic path).
 */
function applyInPass(
  pass: ReturnType<typeof adamPass>,
  specs: readonly CorrectionSpec[],
): FusedApply<ScaleByAdamState> {
  return (grads, state, params, donated) => {
    if (!denseLikeParams(grads, params)) return undefined;
    const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
    return scope(() => {
      checkState('scaleByAdam', state);
      const { next, corrections } = advanceCount('scaleByAdam', state.count, specs, donated);
      const [stepped, mu, nu] = mapLeaves(
        'scaleByAdam',
        grads,
        [state.mu, state.nu, params],
        (g, m, v, p) => {
          const [param, m1, v1] = pass(
            g as Tensor,
            give(m as Tensor),
            give(v as Tensor),
            corrections(g as Tensor),
            give(p as Tensor),
          );
          return [param!, m1!, v1!];
        },
      );
      return [stepped as Params, deepFreeze({ count: next() as Tensor, mu, nu })] as const;
    });
  };
}
