import { addDecayedWeights, namedChain, scaleByLearningRate } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean, checkLr, checkNumber, checkWeightDecay } from './validate.js';

export type ASGDHyperparameters = {
  lr: number;
  lambd: number;
  alpha: number;
  t0: number;
  weightDecay: number;
  maximize: boolean;
};

export interface ASGDOptions {
  /** Default 1e-2. */
  readonly lr?: number | Tensor;
  /** Decay term; default 1e-4. */
  readonly lambd?: number;
  /** Power of the step-size decay; default 0.75. */
  readonly alpha?: number;
  /** Step at which averaging starts (PyTorch's averaged copy `ax`); default 1e6. */
  readonly t0?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.ASGD` and the torch
 * front end's `ASGD`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.asgdSpec('ASGD'); // the composition behind optim.ASGD
 * spec.name; // 'ASGD'
 * ```
 */
export function asgdSpec(name = 'ASGD'): OptimizerSpec<ASGDHyperparameters> {
  return {
    name,
    validate: (h) => {
      const lr = checkLr(name, h.lr);
      const weightDecay = checkWeightDecay(name, h.weightDecay);
      const lambd = checkNumber(name, 'lambd', h.lambd);
      const alpha = checkNumber(name, 'alpha', h.alpha);
      const t0 = checkNumber(name, 't0', h.t0);
      const maximize = checkBoolean(name, 'maximize', h.maximize);
      return { lr, lambd, alpha, t0, weightDecay, maximize };
    },
    transform: (h) =>
      namedChain({
        maximize: maximizeStep(h.maximize),
        weightDecay: coupledWeightDecay(h.weightDecay),
        // θ·(1 − λη) − η·g is θ − η·(g + λθ): the decay term is one more coupled decay.
        decay: addDecayedWeights({ weightDecay: h.lambd }),
        // PyTorch keeps η as a float32 tensor: η₁ = lr, ηₜ = lr/(1 + λ·lr·(t−1))^α.
        lr: scaleByLearningRate((count) =>
          Math.fround(count === 0 ? h.lr : h.lr / (1 + h.lambd * h.lr * count) ** h.alpha),
        ),
      }),
  };
}

/**
 * Averaged SGD (Polyak & Juditsky 1992), MindSpore's `experimental.optim.ASGD` (PyTorch's
 * update):
 *
 *   g ← −∇f if maximize; g ← g + λ_wd·θ if λ_wd ≠ 0
 *   θ ← θ·(1 − λ·ηₜ) − ηₜ·g,  ηₜ = lr/(1 + λ·lr·(t−1))^α
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ_wd), addDecayedWeights(λ),
 * scaleByLearningRate(ηₜ))`.) Differences from PyTorch: ηₜ uses the group's current lr (PyTorch
 * computes it after the previous step, with the lr of then), and the averaged copy `ax` is not
 * kept (it never feeds back into the update).
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.ASGD([w], { lr: 0.01 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class ASGD extends Optimizer<ASGDHyperparameters> {
  constructor(params: OptimizerParams<ASGDHyperparameters>, options: ASGDOptions | number = {}) {
    super(
      asgdSpec(),
      params,
      {
        lr: 1e-2,
        lambd: 1e-4,
        alpha: 0.75,
        t0: 1e6,
        weightDecay: 0,
        maximize: false,
      },
      options,
    );
  }
}
