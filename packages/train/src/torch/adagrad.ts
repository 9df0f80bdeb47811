import { type AdagradHyperparameters, type AdagradOptions, adagradSpec } from '../optim/adagrad.js';
import type { OptimizerParams } from '../optim/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0,
 * initial_accumulator_value=0, eps=1e-10, maximize=False)`; state `sum`. A group's own
 * `initialAccumulatorValue` applies to it (PyTorch takes the constructor's for every group).
 */
export class Adagrad extends TorchOptimizer<AdagradHyperparameters> {
  constructor(params: OptimizerParams<AdagradHyperparameters>, options: AdagradOptions = {}) {
    super(
      adagradSpec(),
      params,
      {
        lr: 1e-2,
        lrDecay: 0,
        weightDecay: 0,
        initialAccumulatorValue: 0,
        eps: 1e-10,
        maximize: false,
        ...options,
      },
      { tensors: { sum: 'rss.sumOfSquares' }, counts: { 'lr.count': null } },
    );
  }
}
