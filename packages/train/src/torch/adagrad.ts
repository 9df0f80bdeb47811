import {
  ADAGRAD_DEFAULTS,
  type AdagradHyperparameters,
  type AdagradOptions,
  adagradSpec,
} from '../mindspore/experimental/adagrad.js';
import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0,
 * initial_accumulator_value=0, eps=1e-10, maximize=False)`; state `sum`. A group's own
 * `initialAccumulatorValue` applies to it (PyTorch takes the constructor's for every group).
 *
 * Update (PyTorch's, as `optim.Adagrad`):
 * ```text
 * g ← −g if maximize;  g ← g + λ·θ if λ ≠ 0
 * γ̃ = γ/(1 + (t−1)·η);  s ← s + g²;  θ ← θ − γ̃·g/(√s + ε)
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, Adagrad } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new Adagrad([w], { lr: 0.01 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class Adagrad extends TorchOptimizer<AdagradHyperparameters> {
  constructor(
    params: OptimizerParams<AdagradHyperparameters>,
    options: AdagradOptions | number = {},
  ) {
    super(adagradSpec(), params, ADAGRAD_DEFAULTS, options, {
      tensors: { sum: 'rss.sumOfSquares' },
      counts: { 'lr.count': null },
    });
  }
}
