import type { OptimizerParams } from '../optim/param-groups.js';
import { type RMSpropHyperparameters, type RMSpropOptions, rmspropSpec } from '../optim/rmsprop.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
 * centered=False, maximize=False)`; state `square_avg`, `momentum_buffer` (momentum > 0),
 * `grad_avg` (centered).
 */
export class RMSprop extends TorchOptimizer<RMSpropHyperparameters> {
  constructor(params: OptimizerParams<RMSpropHyperparameters>, options: RMSpropOptions = {}) {
    super(
      rmspropSpec(),
      params,
      {
        lr: 1e-2,
        alpha: 0.99,
        eps: 1e-8,
        weightDecay: 0,
        momentum: 0,
        centered: false,
        maximize: false,
        ...options,
      },
      {
        tensors: { square_avg: 'rms.nu', momentum_buffer: 'momentum.trace', grad_avg: 'rms.mu' },
        counts: { 'rms.count': null, 'momentum.count': 'momentum_buffer' },
      },
    );
  }
}
