import {
  identity,
  namedChain,
  scaleByLearningRate,
  scaleByRms,
  scaleByStddev,
  trace,
} from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean, checkEps, checkLr, checkNonNegative, checkWeightDecay } from './validate.js';

export type RMSpropHyperparameters = {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
};

export interface RMSpropOptions {
  /** Default 1e-2. */
  readonly lr?: number | Tensor;
  /** Decay of the average of squared gradients; default 0.99. */
  readonly alpha?: number;
  /** Default 1e-8, outside the square root. */
  readonly eps?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default 0. */
  readonly momentum?: number;
  /** Default false. */
  readonly centered?: boolean;
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.RMSprop` and the torch
 * front end's `RMSprop`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.rmspropSpec('RMSprop'); // the composition behind optim.RMSprop
 * spec.name; // 'RMSprop'
 * ```
 */
export function rmspropSpec(name = 'RMSprop'): OptimizerSpec<RMSpropHyperparameters> {
  return {
    name,
    validate: (h) => {
      const lr = checkLr(name, h.lr);
      const eps = checkEps(name, h.eps);
      const momentum = checkNonNegative(name, 'momentum', h.momentum, 'momentum value');
      const weightDecay = checkWeightDecay(name, h.weightDecay);
      const alpha = checkNonNegative(name, 'alpha', h.alpha, 'alpha value');
      const centered = checkBoolean(name, 'centered', h.centered);
      const maximize = checkBoolean(name, 'maximize', h.maximize);
      return { lr, alpha, eps, weightDecay, momentum, centered, maximize };
    },
    transform: (h) => {
      const rms = { decay: h.alpha, eps: h.eps, epsInSqrt: false };
      return namedChain({
        maximize: maximizeStep(h.maximize),
        weightDecay: coupledWeightDecay(h.weightDecay),
        rms: h.centered ? scaleByStddev(rms) : scaleByRms(rms),
        // Before the learning rate, as PyTorch's buffer holds g/avg unscaled: an lr changed
        // by a scheduler scales the whole buffer, not just the newest term.
        momentum: h.momentum > 0 ? trace(h.momentum) : identity(),
        lr: scaleByLearningRate(h.lr),
      });
    },
    structure: (h) => ({ centered: h.centered, momentum: h.momentum > 0 }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental RMSprop (PyTorch's). */
export const RMSPROP_DEFAULTS = {
  lr: 1e-2,
  alpha: 0.99,
  eps: 1e-8,
  weightDecay: 0,
  momentum: 0,
  centered: false,
  maximize: false,
} as const;

/**
 * RMSprop (Tieleman & Hinton 2012), MindSpore's `experimental.optim.RMSprop` (PyTorch's
 * formulas):
 *
 *   g ← −∇f if maximize; g ← g + λθ if λ ≠ 0
 *   v ← α·v + (1−α)·g²;  centered: ḡ ← α·ḡ + (1−α)·g, d = √(v − ḡ²) + ε; else d = √v + ε
 *   μ > 0: b ← μ·b + g/d, θ ← θ − γ·b;  otherwise θ ← θ − γ·g/d
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ), scaleByRms | scaleByStddev (epsInSqrt false),
 * trace(μ)?, scaleByLearningRate(γ))`.) `centered` and whether μ > 0 are fixed once a
 * parameter has state.
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.RMSprop([w], { lr: 0.01, alpha: 0.99 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters> {
  constructor(
    params: OptimizerParams<RMSpropHyperparameters>,
    options: RMSpropOptions | number = {},
  ) {
    super(rmspropSpec(), params, RMSPROP_DEFAULTS, options);
  }
}
