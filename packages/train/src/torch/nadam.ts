import {
  NADAM_DEFAULTS,
  type NAdamHyperparameters,
  type NAdamOptions,
  nadamSpec,
} from '../mindspore/experimental/nadam.js';
import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.NAdam(params, lr=2e-3, betas, eps=1e-8, weight_decay=0, momentum_decay=4e-3)`
 * with PyTorch 1.11–1.13's numbers, whose next-step μ product counts μₜ twice (fixed in 2.0;
 * the MindSpore-style `optim.NAdam` has the fix). State `step`, `mu_product`, `exp_avg`,
 * `exp_avg_sq`.
 *
 * Update (PyTorch 1.11–1.13's; Πₜ₊₁ counts μₜ twice there):
 * ```text
 * g ← g + λ·θ if λ ≠ 0;  μₜ = β1·(1 − ½·0.96^(t·ψ)),  Πₜ = μ₁···μₜ
 * m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  d = √(v/(1−β2ᵗ)) + ε
 * θ ← θ − γ·[(1−μₜ)/(1−Πₜ)·g + μₜ₊₁/(1−Πₜ₊₁)·m]/d
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, NAdam } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new NAdam([w], { lr: 2e-3 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class NAdam extends TorchOptimizer<NAdamHyperparameters> {
  constructor(params: OptimizerParams<NAdamHyperparameters>, options: NAdamOptions | number = {}) {
    super(nadamSpec({ legacyMomentumProduct: true }), params, NADAM_DEFAULTS, options, {
      tensors: { exp_avg: 'nadam.mu', exp_avg_sq: 'nadam.nu' },
      numbers: { mu_product: 'nadam.muProduct' },
      counts: { 'nadam.count': null },
    });
  }
}
