import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import {
  SGD_DEFAULTS,
  type SGDHyperparameters,
  type SGDOptions,
  sgdSpec,
} from '../mindspore/experimental/sgd.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.SGD(params, lr=required, momentum=0, dampening=0, weight_decay=0,
 * nesterov=False, *, maximize=False)`; state `momentum_buffer` (null without momentum, as
 * PyTorch saves None; like PyTorch's, the state has no `step`).
 *
 * Update (PyTorch's, as `optim.SGD`):
 * ```text
 * g ← −g if maximize;  g ← g + λ·θ if λ ≠ 0
 * μ ≠ 0: b ← g at the first step, then b ← μ·b + (1−τ)·g;  g ← g + μ·b if nesterov, else g ← b
 * θ ← θ − γ·g
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, SGD } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class SGD extends TorchOptimizer<SGDHyperparameters> {
  constructor(params: OptimizerParams<SGDHyperparameters>, options: SGDOptions | number) {
    super(sgdSpec(), params, SGD_DEFAULTS, options, {
      tensors: { momentum_buffer: 'momentum.trace' },
      counts: { 'momentum.count': 'momentum_buffer' },
      nullable: ['momentum_buffer'],
      step: false,
    });
  }
}
