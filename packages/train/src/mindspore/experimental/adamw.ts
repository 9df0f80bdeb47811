import { addDecayedWeights, identity, namedChain, scaleByAdam } from '@gradkit/optim';
import {
  ADAM_DEFAULTS,
  type AdamHyperparameters,
  type AdamOptions,
  type AmsgradVariant,
  adamCheckedSpec,
  adamScaling,
} from './adam.js';
import { maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';

/**
 * AdamW as a composition: Adam's rescaling, then the decoupled decay, then −lr.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.adamwSpec(); // the composition behind optim.AdamW
 * spec.name; // 'AdamW'
 * ```
 */
export function adamwSpec(
  variant: AmsgradVariant = 'documented',
  name = 'AdamW',
): OptimizerSpec<AdamHyperparameters> {
  return adamCheckedSpec(name, (h) => {
    const [b1, b2] = h.betas;
    // Without AMSGrad the decay and −lr are folded into Adam's own pass (the same numbers);
    // `weightDecay` and `lr` keep the (empty) states of addDecayedWeights and
    // scaleByLearningRate, so state dicts do not change.
    if (!h.amsgrad) {
      return namedChain({
        maximize: maximizeStep(h.maximize),
        adam: scaleByAdam({
          b1,
          b2,
          eps: h.eps,
          decoupledWeightDecay: h.weightDecay,
          scale: -h.lr,
        }),
        weightDecay: identity(),
        lr: identity(),
      });
    }
    return namedChain({
      maximize: maximizeStep(h.maximize),
      adam: adamScaling(h, variant),
      // Decoupled: added after the scaling, so it is multiplied by lr only; −lr is folded
      // into the same pass, and `lr` keeps scaleByLearningRate's (empty) state.
      weightDecay: addDecayedWeights({ weightDecay: h.weightDecay, scale: -h.lr }),
      lr: identity(),
    });
  });
}

/**
 * AdamW (Loshchilov & Hutter 2019), MindSpore's `experimental.optim.AdamW` (PyTorch's
 * formulas); weightDecay defaults to 1e-2:
 *
 *   g ← −∇f if maximize;  θ ← θ − γλθ
 *   m, v, m̂, v̂ (and v̂max with amsgrad) as Adam;  θ ← θ − γ·m̂/(√v̂ + ε)
 *
 * (`chain(scale(-1)?, scaleByAdam({ amsgrad? }), addDecayedWeights(λ), scaleByLearningRate(γ))`.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.AdamW([w], { lr: 1e-3, weightDecay: 1e-2 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class AdamW extends Optimizer<AdamHyperparameters> {
  constructor(params: OptimizerParams<AdamHyperparameters>, options: AdamOptions | number = {}) {
    super(adamwSpec(), params, { ...ADAM_DEFAULTS, weightDecay: 1e-2 }, options);
  }
}
