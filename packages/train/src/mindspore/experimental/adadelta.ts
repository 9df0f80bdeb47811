import { namedChain, scaleByAdadelta, scaleByLearningRate } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean, checkEps, checkInRange, checkLr, checkWeightDecay } from './validate.js';

export type AdadeltaHyperparameters = {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
};

export interface AdadeltaOptions {
  /** Default 1.0. */
  readonly lr?: number | Tensor;
  /** Default 0.9. */
  readonly rho?: number;
  /** Default 1e-6. */
  readonly eps?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.Adadelta` and the torch
 * front end's `Adadelta`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.adadeltaSpec('Adadelta'); // the composition behind optim.Adadelta
 * spec.name; // 'Adadelta'
 * ```
 */
export function adadeltaSpec(name = 'Adadelta'): OptimizerSpec<AdadeltaHyperparameters> {
  return {
    name,
    validate: (h) => {
      const lr = checkLr(name, h.lr);
      const rho = checkInRange(name, 'rho', h.rho, 'rho value', 1);
      const eps = checkEps(name, h.eps);
      const weightDecay = checkWeightDecay(name, h.weightDecay);
      const maximize = checkBoolean(name, 'maximize', h.maximize);
      return { lr, rho, eps, weightDecay, maximize };
    },
    transform: (h) =>
      namedChain({
        maximize: maximizeStep(h.maximize),
        weightDecay: coupledWeightDecay(h.weightDecay),
        adadelta: scaleByAdadelta({ rho: h.rho, eps: h.eps }),
        lr: scaleByLearningRate(h.lr),
      }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental Adadelta (PyTorch's). */
export const ADADELTA_DEFAULTS = {
  lr: 1,
  rho: 0.9,
  eps: 1e-6,
  weightDecay: 0,
  maximize: false,
} as const;

/**
 * Adadelta (Zeiler 2012), MindSpore's `experimental.optim.Adadelta` (PyTorch's formulas):
 *
 *   g ← −∇f if maximize; g ← g + λθ if λ ≠ 0
 *   v ← ρ·v + (1−ρ)·g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρ·u + (1−ρ)·Δ²;  θ ← θ − γ·Δ
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ), scaleByAdadelta, scaleByLearningRate(γ))`.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.Adadelta([w], { lr: 1, rho: 0.9 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaHyperparameters> {
  constructor(
    params: OptimizerParams<AdadeltaHyperparameters>,
    options: AdadeltaOptions | number = {},
  ) {
    super(adadeltaSpec(), params, ADADELTA_DEFAULTS, options);
  }
}
