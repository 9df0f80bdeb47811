import type { OptimizerParams } from '../optim/param-groups.js';
import { type RAdamHyperparameters, type RAdamOptions, radamSpec } from '../optim/radam.js';
import { TorchOptimizer } from './torch-optimizer.js';

/** `torch.optim.RAdam(params, lr=1e-3, betas, eps=1e-8, weight_decay=0)`; state `exp_avg`, `exp_avg_sq`. */
export class RAdam extends TorchOptimizer<RAdamHyperparameters> {
  constructor(params: OptimizerParams<RAdamHyperparameters>, options: RAdamOptions = {}) {
    super(
      radamSpec(),
      params,
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, ...options },
      {
        tensors: { exp_avg: 'radam.mu', exp_avg_sq: 'radam.nu' },
        counts: { 'radam.count': null },
      },
    );
  }
}
