import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import {
  RADAM_DEFAULTS,
  type RAdamHyperparameters,
  type RAdamOptions,
  radamSpec,
} from '../mindspore/experimental/radam.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.RAdam(params, lr=1e-3, betas, eps=1e-8, weight_decay=0)`; state `exp_avg`, `exp_avg_sq`.
 *
 * Update (PyTorch's, as `optim.RAdam`):
 * ```text
 * g ← g + λ·θ if λ ≠ 0;  m, v as Adam;  m̂ = m/(1−β1ᵗ);  ρ∞ = 2/(1−β2) − 1
 * ρₜ = ρ∞ − 2t·β2ᵗ/(1−β2ᵗ)
 * ρₜ > 5: r = √((ρₜ−4)(ρₜ−2)ρ∞/((ρ∞−4)(ρ∞−2)ρₜ)),  θ ← θ − γ·m̂·r·√(1−β2ᵗ)/(√v + ε)
 * otherwise: θ ← θ − γ·m̂
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, RAdam } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new RAdam([w], { lr: 1e-3 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class RAdam extends TorchOptimizer<RAdamHyperparameters> {
  constructor(params: OptimizerParams<RAdamHyperparameters>, options: RAdamOptions | number = {}) {
    super(radamSpec(), params, RADAM_DEFAULTS, options, {
      tensors: { exp_avg: 'radam.mu', exp_avg_sq: 'radam.nu' },
      counts: { 'radam.count': null },
    });
  }
}
