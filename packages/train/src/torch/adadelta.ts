import {
  type AdadeltaHyperparameters,
  type AdadeltaOptions,
  adadeltaSpec,
} from '../optim/adadelta.js';
import type { OptimizerParams } from '../optim/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/** `torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *, maximize=False)`; state `square_avg`, `acc_delta`. */
export class Adadelta extends TorchOptimizer<AdadeltaHyperparameters> {
  constructor(params: OptimizerParams<AdadeltaHyperparameters>, options: AdadeltaOptions = {}) {
    super(
      adadeltaSpec(),
      params,
      { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...options },
      { tensors: { square_avg: 'adadelta.eG', acc_delta: 'adadelta.eX' }, counts: {} },
    );
  }
}
