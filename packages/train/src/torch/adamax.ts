import { type AdamaxHyperparameters, type AdamaxOptions, adamaxSpec } from '../optim/adamax.js';
import type { OptimizerParams } from '../optim/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/** `torch.optim.Adamax(params, lr=2e-3, betas, eps=1e-8, weight_decay=0, maximize=False)`; state `exp_avg`, `exp_inf`. */
export class Adamax extends TorchOptimizer<AdamaxHyperparameters> {
  constructor(params: OptimizerParams<AdamaxHyperparameters>, options: AdamaxOptions = {}) {
    super(
      adamaxSpec(),
      params,
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, ...options },
      {
        tensors: { exp_avg: 'adamax.mu', exp_inf: 'adamax.nu' },
        counts: { 'adamax.count': null },
      },
    );
  }
}
