import { chain, identity } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import type { Mask } from '../transforms/mask.js';
import {
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  scaleByAdam,
  scaledAdam,
} from '../transforms/scale-by-adam.js';
import { type ScaleByAmsgradOptions, scaleByAmsgrad } from '../transforms/scale-by-amsgrad.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import type { ScaleByScheduleState } from '../transforms/scale-by-schedule.js';
import type { EmptyState, ScalarOrSchedule, TypedGradientTransformation } from '../types.js';
import { nonNegative, scalarOrSchedule } from '../validate.js';

export interface DecoupledWeightDecayOptions {
  /** λ of the decoupled weight decay; default 1e-4 (Optax; PyTorch's AdamW uses 1e-2). */
  readonly weightDecay?: number;
  /** Which parameters decay (see `Mask`); all by default. */
  readonly mask?: Mask;
}

// One state type for both branches of `adam` (a constant rate or a schedule), so that
// `adam(η).update(g, adam(η).init(p))` type-checks.
type AdamState = readonly [ScaleByAdamState, EmptyState | ScaleByScheduleState];

/**
 * Adam (Kingma & Ba 2014): w ← w − η·m̂/(√(v̂ + epsRoot) + eps).
 * `chain(scaleByAdam, scaleByLearningRate)`. PyTorch's coupled weight decay is
 * `chain(addDecayedWeights({ weightDecay }), scaleByAdam(), scaleByLearningRate(η))` and its
 * `maximize` a `scale(-1)` in front. Accepts RowSparse gradients (`lazy`).
 *
 * @example
 * ```ts
 * import { applyUpdates, adam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adam(1e-3, { b1: 0.9, b2: 0.999 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adam(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions = {},
): TypedGradientTransformation<AdamState> {
  if (typeof learningRate === 'number') {
    scalarOrSchedule('scaleByLearningRate', 'learningRate', learningRate);
    // A constant rate is folded into Adam's fused pass (one pass over the parameters fewer);
    // identity() keeps the state of chain(scaleByAdam, scaleByLearningRate), so states,
    // checkpoints and numbers (up to float rounding) are the same either way.
    // The chain's updateAndApply step is Adam's one pass over param, gradient and moments.
    return chain(
      scaledAdam(options, -learningRate),
      identity(),
    ) as TypedGradientTransformation<AdamState>;
  }
  return chain(
    scaleByAdam(options),
    scaleByLearningRate(learningRate),
  ) as unknown as TypedGradientTransformation<AdamState>;
}

/**
 * AdamW (Loshchilov & Hutter 2019): w ← w − η·(m̂/(√v̂ + eps) + λ·w), decay decoupled from
 * the moments. Equal to torch.optim.AdamW.
 *
 * @example
 * ```ts
 * import { applyUpdates, adamw } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adamw(1e-3, { weightDecay: 1e-4 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adamw(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions & DecoupledWeightDecayOptions = {},
) {
  const { weightDecay = 1e-4, mask, ...adamOptions } = options;
  const foldable =
    mask === undefined && options.amsgrad === undefined && (options.scale ?? 1) === 1;
  if (typeof learningRate === 'number' && foldable) {
    nonNegative('addDecayedWeights', 'weightDecay', weightDecay);
    scalarOrSchedule('scaleByLearningRate', 'learningRate', learningRate);
    // A constant rate: the decay and −η are folded into Adam's pass (the same numbers), and
    // the identities keep the states of addDecayedWeights and scaleByLearningRate.
    return chain(
      scaledAdam(
        { ...adamOptions, decoupledWeightDecay: weightDecay },
        -learningRate,
        'addDecayedWeights',
      ),
      identity(),
      identity(),
    ) as unknown as ReturnType<typeof unfoldedAdamw>;
  }
  return unfoldedAdamw(learningRate, options);
}

function unfoldedAdamw(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions & DecoupledWeightDecayOptions,
) {
  return chain(
    scaleByAdam(options),
    addDecayedWeights({ weightDecay: options.weightDecay ?? 1e-4, mask: options.mask }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * NAdam as Optax: Adam with Nesterov momentum (`scaleByAdam({ nesterov: true })`).
 *
 * Update (Optax's `nadam`):
 * ```text
 * m ← b1·m + (1−b1)·g,  v ← b2·v + (1−b2)·g²
 * m̂ = b1·m/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ),  v̂ = v/(1−b2ᵗ)
 * w ← w − η·m̂/(√(v̂ + epsRoot) + eps)
 * ```
 *
 * @example
 * ```ts
 * import { applyUpdates, nadam } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = nadam(2e-3);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function nadam(
  learningRate: ScalarOrSchedule,
  options: Omit<ScaleByAdamOptions, 'nesterov'> = {},
) {
  return adam(learningRate, { ...options, nesterov: true });
}

/**
 * NAdamW as Optax: AdamW with Nesterov momentum.
 *
 * Update (Optax's `nadamw`), m̂ and v̂ as in `nadam`:
 * ```text
 * w ← w − η·(m̂/(√(v̂ + epsRoot) + eps) + λ·w)
 * ```
 *
 * @example
 * ```ts
 * import { applyUpdates, nadamw } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = nadamw(2e-3, { weightDecay: 1e-4 });
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function nadamw(
  learningRate: ScalarOrSchedule,
  options: Omit<ScaleByAdamOptions, 'nesterov'> & DecoupledWeightDecayOptions = {},
) {
  return adamw(learningRate, { ...options, nesterov: true });
}

/**
 * AMSGrad (Reddi et al. 2018): w ← w − η·m̂/(√(v̂max + epsRoot) + eps) with the running
 * maximum of v̂ (documented variant) or PyTorch's (`variant: 'pytorch'`).
 *
 * @example
 * ```ts
 * import { applyUpdates, amsgrad } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = amsgrad(1e-3);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function amsgrad(learningRate: ScalarOrSchedule, options: ScaleByAmsgradOptions = {}) {
  return chain(scaleByAmsgrad(options), scaleByLearningRate(learningRate));
}
