import { namedChain, scaleByLearningRate, scaleByRadam } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import {
  type AdamFamilyHyperparameters,
  type AdamFamilyOptions,
  checkAdamFamily,
} from './adam-family.js';
import { coupledWeightDecay } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';

export type RAdamHyperparameters = AdamFamilyHyperparameters;

export interface RAdamOptions extends AdamFamilyOptions {
  /** Default 1e-3. */
  readonly lr?: number | Tensor;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.RAdam` and the torch
 * front end's `RAdam`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.radamSpec('RAdam'); // the composition behind optim.RAdam
 * spec.name; // 'RAdam'
 * ```
 */
export function radamSpec(name = 'RAdam'): OptimizerSpec<RAdamHyperparameters> {
  return {
    name,
    validate: (h) => checkAdamFamily(name, h),
    transform: (h) =>
      namedChain({
        weightDecay: coupledWeightDecay(h.weightDecay),
        radam: scaleByRadam({ b1: h.betas[0], b2: h.betas[1], eps: h.eps, variant: 'pytorch' }),
        lr: scaleByLearningRate(h.lr),
      }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental RAdam (PyTorch's). */
export const RADAM_DEFAULTS = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
} as const;

/**
 * RAdam (Liu et al. 2019), MindSpore's `experimental.optim.RAdam` (PyTorch's formulas):
 *
 *   g ← g + λθ if λ ≠ 0;  m, v as Adam;  m̂ = m/(1−β1ᵗ);  ρ∞ = 2/(1−β2) − 1
 *   ρₜ = ρ∞ − 2t·β2ᵗ/(1−β2ᵗ)
 *   ρₜ > 5: r = √((ρₜ−4)(ρₜ−2)ρ∞/((ρ∞−4)(ρ∞−2)ρₜ)), θ ← θ − γ·m̂·r·√(1−β2ᵗ)/(√v + ε)
 *   otherwise θ ← θ − γ·m̂
 *
 * (`chain(addDecayedWeights(λ), scaleByRadam({ variant: 'pytorch' }), scaleByLearningRate(γ))`.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.RAdam([w], { lr: 1e-3 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class RAdam extends Optimizer<RAdamHyperparameters> {
  constructor(params: OptimizerParams<RAdamHyperparameters>, options: RAdamOptions | number = {}) {
    super(radamSpec(), params, RADAM_DEFAULTS, options);
  }
}
