import { type NAdamHyperparameters, type NAdamOptions, nadamSpec } from '../optim/nadam.js';
import type { OptimizerParams } from '../optim/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.NAdam(params, lr=2e-3, betas, eps=1e-8, weight_decay=0, momentum_decay=4e-3)`
 * with PyTorch 1.11–1.13's numbers, whose next-step μ product counts μₜ twice (fixed in 2.0;
 * the MindSpore-style `optim.NAdam` has the fix). State `step`, `mu_product`, `exp_avg`,
 * `exp_avg_sq`.
 */
export class NAdam extends TorchOptimizer<NAdamHyperparameters> {
  constructor(params: OptimizerParams<NAdamHyperparameters>, options: NAdamOptions = {}) {
    super(
      nadamSpec({ legacyMomentumProduct: true }),
      params,
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, ...options },
      {
        tensors: { exp_avg: 'nadam.mu', exp_avg_sq: 'nadam.nu' },
        numbers: { mu_product: 'nadam.muProduct' },
        counts: { 'nadam.count': null },
      },
    );
  }
}
