import type { OptimizerParams } from '../optim/param-groups.js';
import { type SGDHyperparameters, type SGDOptions, sgdSpec } from '../optim/sgd.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.SGD(params, lr=required, momentum=0, dampening=0, weight_decay=0,
 * nesterov=False, *, maximize=False)`; state `momentum_buffer` (null without momentum, as
 * PyTorch saves None; like PyTorch's, the state has no `step`).
 */
export class SGD extends TorchOptimizer<SGDHyperparameters> {
  constructor(params: OptimizerParams<SGDHyperparameters>, options: SGDOptions) {
    super(
      sgdSpec(),
      params,
      { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options },
      {
        tensors: { momentum_buffer: 'momentum.trace' },
        counts: { 'momentum.count': 'momentum_buffer' },
        nullable: ['momentum_buffer'],
        step: false,
      },
    );
  }
}
