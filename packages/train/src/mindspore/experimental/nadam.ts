import { namedChain, scaleByLearningRate, scaleByPytorchNadam } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import {
  type AdamFamilyHyperparameters,
  type AdamFamilyOptions,
  checkAdamFamily,
} from './adam-family.js';
import { coupledWeightDecay } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkNonNegative } from './validate.js';

export type NAdamHyperparameters = AdamFamilyHyperparameters & { momentumDecay: number };

export interface NAdamOptions extends AdamFamilyOptions {
  /** Default 2e-3. */
  readonly lr?: number | Tensor;
  /** ψ; default 4e-3. */
  readonly momentumDecay?: number;
}

/**
 * `legacyMomentumProduct` reproduces torch ≤ 1.13, whose next-step μ product counted μₜ
 * twice; the default is the corrected formula of torch 2.0.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.nadamSpec(); // the composition behind optim.NAdam
 * spec.name; // 'NAdam'
 * ```
 */
export function nadamSpec(
  options: { legacyMomentumProduct?: boolean; name?: string } = {},
): OptimizerSpec<NAdamHyperparameters> {
  const name = options.name ?? 'NAdam';
  return {
    name,
    validate: (h) => {
      const shared = checkAdamFamily(name, h);
      const momentumDecay = checkNonNegative(
        name,
        'momentumDecay',
        h.momentumDecay,
        'momentum_decay value',
      );
      return { ...shared, momentumDecay };
    },
    transform: (h) =>
      namedChain({
        weightDecay: coupledWeightDecay(h.weightDecay),
        nadam: scaleByPytorchNadam({
          b1: h.betas[0],
          b2: h.betas[1],
          eps: h.eps,
          momentumDecay: h.momentumDecay,
          legacyMomentumProduct: options.legacyMomentumProduct ?? false,
        }),
        lr: scaleByLearningRate(h.lr),
      }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental NAdam (PyTorch's). */
export const NADAM_DEFAULTS = {
  lr: 2e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  momentumDecay: 4e-3,
} as const;

/**
 * NAdam (Dozat 2016), MindSpore's `experimental.optim.NAdam` (PyTorch's formulas):
 *
 *   g ← g + λθ if λ ≠ 0;  μₜ = β1·(1 − ½·0.96^(tψ)),  Πₜ = Π μ₁..μₜ
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  d = √(v/(1−β2ᵗ)) + ε
 *   θ ← θ − γ·[(1−μₜ)/(1−Πₜ)·g + μₜ₊₁/(1−Πₜ·μₜ₊₁)·m]/d
 *
 * (`chain(addDecayedWeights(λ), scaleByPytorchNadam, scaleByLearningRate(γ))`.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.NAdam([w], { lr: 2e-3 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class NAdam extends Optimizer<NAdamHyperparameters> {
  constructor(params: OptimizerParams<NAdamHyperparameters>, options: NAdamOptions | number = {}) {
    super(nadamSpec(), params, NADAM_DEFAULTS, options);
  }
}
