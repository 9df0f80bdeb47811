import { chain, identity } from '../base.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { clipByBlockRms } from '../transforms/clip-by-block-rms.js';
import { ema } from '../transforms/ema.js';
import type { Mask } from '../transforms/mask.js';
import { scale } from '../transforms/scale.js';
import { scaleByFactoredRms } from '../transforms/scale-by-factored-rms.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { scaleByParamBlockRms } from '../transforms/scale-by-param-block-rms.js';
import type {
  GradientTransformation,
  ScalarOrSchedule,
  TypedGradientTransformation,
} from '../types.js';

export interface AdafactorOptions {
  /** Default 128. */
  readonly minDimSizeToFactor?: number;
  /** Default 0.8. */
  readonly decayRate?: number;
  /** Default 0. */
  readonly decayOffset?: number;
  /** Multiply the step by the RMS of the parameter; default true. */
  readonly multiplyByParameterScale?: boolean;
  /** Block RMS clipping threshold; default 1; `null` disables it. */
  readonly clippingThreshold?: number | null;
  /** EMA of the updates (not debiased); none by default. */
  readonly momentum?: number;
  /** Decoupled weight decay; none by default. */
  readonly weightDecayRate?: number;
  readonly weightDecayMask?: Mask;
  /** Default 1e-30. */
  readonly eps?: number;
  /** Default true. */
  readonly factored?: boolean;
}

/**
 * Adafactor (Shazeer & Stern 2018), as Optax: `scaleByFactoredRms`, block RMS clipping, the
 * learning rate (no sign flip), parameter-scale multiplication, optional momentum and weight
 * decay, and a final `scale(-1)`. Without a learning rate (Optax's default `None`) the step is
 * not scaled.
 *
 * Update, per leaf (a matrix's second moment factored into row and column means):
 * ```text
 * v_row ← d·v_row + (1−d)·mean_col(g² + ε),  v_col ← d·v_col + (1−d)·mean_row(g² + ε)
 * u = g / √(v_row·v_col / mean(v_row)),  u ← u / max(1, RMS(u)/clip),  u ← η·max(RMS(w), ε₂)·u
 * w ← w − u
 * ```
 * with d = 1 − t^(−0.8) (`decayRate`), clip 1 and ε₂ 1e-3 by default.
 *
 * @example
 * ```ts
 * import { applyUpdates, adafactor } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = adafactor(1e-2);
 * const state = optimizer.init(params);
 * const [updates, nextState] = optimizer.update({ w: tensor([0.1, -0.1]) }, state, params);
 * const nextParams = applyUpdates(params, updates);
 * ```
 */
export function adafactor(
  learningRate?: ScalarOrSchedule,
  options: AdafactorOptions = {},
  // biome-ignore lint/suspicious/noExplicitAny: the parts vary with the options.
): TypedGradientTransformation<readonly any[]> {
  const clipping = options.clippingThreshold === undefined ? 1 : options.clippingThreshold;
  const multiply = options.multiplyByParameterScale ?? true;
  // biome-ignore lint/suspicious/noExplicitAny: the parts vary with the options.
  const parts: GradientTransformation<any>[] = [
    scaleByFactoredRms({
      factored: options.factored ?? true,
      decayRate: options.decayRate ?? 0.8,
      stepOffset: options.decayOffset ?? 0,
      minDimSizeToFactor: options.minDimSizeToFactor ?? 128,
      epsilon: options.eps ?? 1e-30,
    }),
    clipping === null ? identity() : clipByBlockRms(clipping),
    learningRate === undefined
      ? identity()
      : scaleByLearningRate(learningRate, { flipSign: false }),
    multiply ? scaleByParamBlockRms() : identity(),
    options.momentum === undefined ? identity() : ema(options.momentum, { debias: false }),
    options.weightDecayRate === undefined
      ? identity()
      : addDecayedWeights({ weightDecay: options.weightDecayRate, mask: options.weightDecayMask }),
    scale(-1),
  ];
  return chain(...parts);
}
