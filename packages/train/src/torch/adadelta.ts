import {
  ADADELTA_DEFAULTS,
  type AdadeltaHyperparameters,
  type AdadeltaOptions,
  adadeltaSpec,
} from '../mindspore/experimental/adadelta.js';
import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import { TorchOptimizer } from './torch-optimizer.js';

/**
 * `torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *, maximize=False)`; state `square_avg`, `acc_delta`.
 *
 * Update (PyTorch's, as `optim.Adadelta`):
 * ```text
 * g ← −g if maximize;  g ← g + λ·θ if λ ≠ 0
 * v ← ρ·v + (1−ρ)·g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρ·u + (1−ρ)·Δ²;  θ ← θ − γ·Δ
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, Adadelta } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new Adadelta([w], { lr: 1, rho: 0.9 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class Adadelta extends TorchOptimizer<AdadeltaHyperparameters> {
  constructor(
    params: OptimizerParams<AdadeltaHyperparameters>,
    options: AdadeltaOptions | number = {},
  ) {
    super(adadeltaSpec(), params, ADADELTA_DEFAULTS, options, {
      tensors: { square_avg: 'adadelta.eG', acc_delta: 'adadelta.eX' },
      counts: {},
    });
  }
}
