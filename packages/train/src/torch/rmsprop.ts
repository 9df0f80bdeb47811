import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import {
  RMSPROP_DEFAULTS,
  type RMSpropHyperparameters,
  type RMSpropOptions,
  rmspropSpec,
} from '../mindspore/experimental/rmsprop.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
 * centered=False, maximize=False)`; state `square_avg`, `momentum_buffer` (momentum > 0),
 * `grad_avg` (centered).
 *
 * Update (PyTorch's, as `optim.RMSprop`):
 * ```text
 * g ← −g if maximize;  g ← g + λ·θ if λ ≠ 0
 * v ← α·v + (1−α)·g²;  centered: ḡ ← α·ḡ + (1−α)·g, d = √(v − ḡ²) + ε;  else d = √v + ε
 * μ > 0: b ← μ·b + g/d, θ ← θ − γ·b;  otherwise θ ← θ − γ·g/d
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, RMSprop } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new RMSprop([w], { lr: 0.01, alpha: 0.99 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class RMSprop extends TorchOptimizer<RMSpropHyperparameters> {
  constructor(
    params: OptimizerParams<RMSpropHyperparameters>,
    options: RMSpropOptions | number = {},
  ) {
    super(rmspropSpec(), params, RMSPROP_DEFAULTS, options, {
      tensors: { square_avg: 'rms.nu', momentum_buffer: 'momentum.trace', grad_avg: 'rms.mu' },
      counts: { 'rms.count': null, 'momentum.count': 'momentum_buffer' },
    });
  }
}
