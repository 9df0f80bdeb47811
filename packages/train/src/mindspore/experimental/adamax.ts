import { identity, namedChain, scaleByAdamax } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import {
  type AdamFamilyHyperparameters,
  type AdamFamilyOptions,
  checkAdamFamily,
} from './adam-family.js';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean } from './validate.js';

export type AdamaxHyperparameters = AdamFamilyHyperparameters & { maximize: boolean };

export interface AdamaxOptions extends AdamFamilyOptions {
  /** Default 2e-3; a number or a one-element Tensor. */
  readonly lr?: number | Tensor;
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.Adamax` and the torch
 * front end's `Adamax`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.adamaxSpec('Adamax'); // the composition behind optim.Adamax
 * spec.name; // 'Adamax'
 * ```
 */
export function adamaxSpec(name = 'Adamax'): OptimizerSpec<AdamaxHyperparameters> {
  return {
    name,
    validate: (h) => {
      const shared = checkAdamFamily(name, h);
      return { ...shared, maximize: checkBoolean(name, 'maximize', h.maximize) };
    },
    transform: (h) =>
      namedChain({
        maximize: maximizeStep(h.maximize),
        weightDecay: coupledWeightDecay(h.weightDecay),
        // −lr is folded into Adamax's pass; `lr` keeps scaleByLearningRate's (empty) state.
        adamax: scaleByAdamax({ b1: h.betas[0], b2: h.betas[1], eps: h.eps, scale: -h.lr }),
        lr: identity(),
      }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental Adamax (PyTorch's). */
export const ADAMAX_DEFAULTS = {
  lr: 2e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  maximize: false,
} as const;

/**
 * Adamax (Kingma & Ba 2014, §7), MindSpore's `experimental.optim.Adamax`, as its seed
 * documents (identical to PyTorch's):
 *
 *   g ← −∇f if maximize; g ← g + λθ if λ ≠ 0
 *   m ← β1·m + (1−β1)·g,  u ← max(β2·u, |g| + ε),  θ ← θ − γ·m/((1−β1ᵗ)·u)
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ), scaleByAdamax, scaleByLearningRate(γ))`.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.Adamax([w], { lr: 2e-3 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class Adamax extends Optimizer<AdamaxHyperparameters> {
  constructor(
    params: OptimizerParams<AdamaxHyperparameters>,
    options: AdamaxOptions | number = {},
  ) {
    super(adamaxSpec(), params, ADAMAX_DEFAULTS, options);
  }
}
