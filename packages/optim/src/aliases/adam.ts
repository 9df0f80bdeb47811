import { chain } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import type { Mask } from '../transforms/mask.js';
import { type ScaleByAdamOptions, scaleByAdam } from '../transforms/scale-by-adam.js';
import { type ScaleByAmsgradOptions, scaleByAmsgrad } from '../transforms/scale-by-amsgrad.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import type { ScalarOrSchedule } from '../types.js';

export interface DecoupledWeightDecayOptions {
  /** λ of the decoupled weight decay; default 1e-4 (Optax; PyTorch's AdamW uses 1e-2). */
  readonly weightDecay?: number;
  /** Which parameters decay (see `Mask`); all by default. */
  readonly mask?: Mask;
}

/**
 * Adam (Kingma & Ba 2014): w ← w − η·m̂/(√(v̂ + epsRoot) + eps).
 * `chain(scaleByAdam, scaleByLearningRate)`. PyTorch's coupled weight decay is
 * `chain(addDecayedWeights({ weightDecay }), scaleByAdam(), scaleByLearningRate(η))` and its
 * `maximize` a `scale(-1)` in front. Accepts RowSparse gradients (`lazy`).
 */
export function adam(learningRate: ScalarOrSchedule, options: ScaleByAdamOptions = {}) {
  return chain(scaleByAdam(options), scaleByLearningRate(learningRate));
}

/**
 * AdamW (Loshchilov & Hutter 2019): w ← w − η·(m̂/(√v̂ + eps) + λ·w), decay decoupled from
 * the moments. Equal to torch.optim.AdamW.
 */
export function adamw(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions & DecoupledWeightDecayOptions = {},
) {
  return chain(
    scaleByAdam(options),
    addDecayedWeights({ weightDecay: options.weightDecay ?? 1e-4, mask: options.mask }),
    scaleByLearningRate(learningRate),
  );
}

/** NAdam as Optax: Adam with Nesterov momentum (`scaleByAdam({ nesterov: true })`). */
export function nadam(
  learningRate: ScalarOrSchedule,
  options: Omit<ScaleByAdamOptions, 'nesterov'> = {},
) {
  return adam(learningRate, { ...options, nesterov: true });
}

/** NAdamW as Optax: AdamW with Nesterov momentum. */
export function nadamw(
  learningRate: ScalarOrSchedule,
  options: Omit<ScaleByAdamOptions, 'nesterov'> & DecoupledWeightDecayOptions = {},
) {
  return adamw(learningRate, { ...options, nesterov: true });
}

/**
 * AMSGrad (Reddi et al. 2018): w ← w − η·m̂/(√(v̂max + epsRoot) + eps) with the running
 * maximum of v̂ (documented variant) or PyTorch's (`variant: 'pytorch'`).
 */
export function amsgrad(learningRate: ScalarOrSchedule, options: ScaleByAmsgradOptions = {}) {
  return chain(scaleByAmsgrad(options), scaleByLearningRate(learningRate));
}
