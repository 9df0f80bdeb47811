import {
  ADAMAX_DEFAULTS,
  type AdamaxHyperparameters,
  type AdamaxOptions,
  adamaxSpec,
} from '../mindspore/experimental/adamax.js';
import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.Adamax(params, lr=2e-3, betas, eps=1e-8, weight_decay=0, maximize=False)`; state `exp_avg`, `exp_inf`.
 *
 * Update (PyTorch's, as `optim.Adamax`):
 * ```text
 * g ← −g if maximize;  g ← g + λ·θ if λ ≠ 0
 * m ← β1·m + (1−β1)·g,  u ← max(β2·u, |g| + ε),  θ ← θ − γ·m/((1−β1ᵗ)·u)
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, Adamax } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new Adamax([w], { lr: 2e-3 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class Adamax extends TorchOptimizer<AdamaxHyperparameters> {
  constructor(
    params: OptimizerParams<AdamaxHyperparameters>,
    options: AdamaxOptions | number = {},
  ) {
    super(adamaxSpec(), params, ADAMAX_DEFAULTS, options, {
      tensors: { exp_avg: 'adamax.mu', exp_inf: 'adamax.nu' },
      counts: { 'adamax.count': null },
    });
  }
}
