import {
  ADAM_DEFAULTS,
  type AdamHyperparameters,
  type AdamOptions,
  adamSpec,
} from '../mindspore/experimental/adam.js';
import { adamwSpec } from '../mindspore/experimental/adamw.js';
import type { OptimizerParams } from '../mindspore/experimental/param-groups.js';
import type { StateLayout } from '../optimizer/state-layout.js';
import { TorchOptimizer } from './torch-optimizer.js';

export const ADAM_LAYOUT: StateLayout = {
  tensors: { exp_avg: 'adam.mu', exp_avg_sq: 'adam.nu', max_exp_avg_sq: 'adam.nuMax' },
  counts: { 'adam.count': null },
};

/**
 * `torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * amsgrad=False, *, maximize=False)` with PyTorch's numbers, its AMSGrad included (the
 * maximum over raw v, denominator √vmax/√(1−β2ᵗ) + ε, unlike its documentation). State:
 * `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq`).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss } from '@gradkit/train';
 * import { Adam, backward, recording } from '@gradkit/train/torch';
 *
 * const model = new Dense(2, 1);
 * const lossFn = new MSELoss();
 * const params = model.trainableParams();
 * const optimizer = new Adam(params, { lr: 1e-3, amsgrad: true });
 * optimizer.zeroGrad();
 * backward(recording(params, () => lossFn(model(tensor([[1, 2]])), tensor([[1]]))));
 * optimizer.step();
 * ```
 */
export class Adam extends TorchOptimizer<AdamHyperparameters> {
  constructor(params: OptimizerParams<AdamHyperparameters>, options: AdamOptions | number = {}) {
    super(adamSpec('pytorch'), params, ADAM_DEFAULTS, options, ADAM_LAYOUT);
  }
}

/**
 * `torch.optim.AdamW`: Adam with decoupled decay θ ← θ − γλθ; weightDecay defaults to 1e-2.
 * PyTorch's AMSGrad, as Adam.
 *
 * Update (PyTorch's):
 * ```text
 * g ← −g if maximize;  θ ← θ − γ·λ·θ
 * m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²  (v̂max ← max(v̂max, v) with amsgrad)
 * θ ← θ − γ·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε)
 * ```
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording, AdamW } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new AdamW([w], { lr: 1e-3, weightDecay: 1e-2 });
 * optimizer.zeroGrad();
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * optimizer.step();
 * ```
 */
export class AdamW extends TorchOptimizer<AdamHyperparameters> {
  constructor(params: OptimizerParams<AdamHyperparameters>, options: AdamOptions | number = {}) {
    super(
      adamwSpec('pytorch'),
      params,
      { ...ADAM_DEFAULTS, weightDecay: 1e-2 },
      options,
      ADAM_LAYOUT,
    );
  }
}
