import {
  abs,
  add,
  div,
  less,
  mul,
  scope,
  softplus,
  square,
  sub,
  type Tensor,
  ValueError,
  where,
} from '@gradkit/tensor';
import { checkOptions } from '../cell/check-arguments.js';
import { checkSameShape, LossBase, type Reduction } from './loss-base.js';

/**
 * Mean squared error, as MindSpore's `nn.MSELoss(reduction='mean')`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { MSELoss } from '@gradkit/train';
 *
 * new MSELoss()(tensor([1, 2]), tensor([1, 4])).item(); // 2
 * ```
 */
export class MSELoss extends LossBase {
  constructor(options: { reduction?: Reduction } = {}) {
    super(
      checkOptions('MSELoss', options, "new MSELoss({ reduction: 'sum' })").reduction ?? 'mean',
      'MSELoss',
    );
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    checkSameShape('MSELoss', logits, labels);
    return scope(() => this.getLoss(square(sub(logits, labels))));
  }
}

/**
 * Mean absolute error, as MindSpore's `nn.L1Loss(reduction='mean')`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { L1Loss } from '@gradkit/train';
 *
 * new L1Loss()(tensor([1, 2]), tensor([1, 4])).item(); // 1
 * ```
 */
export class L1Loss extends LossBase {
  constructor(options: { reduction?: Reduction } = {}) {
    super(
      checkOptions('L1Loss', options, "new L1Loss({ reduction: 'sum' })").reduction ?? 'mean',
      'L1Loss',
    );
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    checkSameShape('L1Loss', logits, labels);
    return scope(() => this.getLoss(abs(sub(logits, labels))));
  }
}

/**
 * Huber-like loss, as MindSpore's `nn.SmoothL1Loss(beta=1.0, reduction='none')`:
 * 0.5·d²/beta where |d| < beta, else |d| − 0.5·beta. Note MindSpore's default reduction is
 * 'none' (PyTorch's is 'mean').
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { SmoothL1Loss } from '@gradkit/train';
 *
 * new SmoothL1Loss({ reduction: 'mean' })(tensor([0, 0]), tensor([0.5, 3])).item(); // (0.125 + 2.5) / 2 = 1.3125
 * ```
 */
export class SmoothL1Loss extends LossBase {
  readonly beta: number;

  constructor(options: { beta?: number; reduction?: Reduction } = {}) {
    super(
      checkOptions('SmoothL1Loss', options, 'new SmoothL1Loss({ beta: 1 })').reduction ?? 'none',
      'SmoothL1Loss',
    );
    this.beta = options.beta ?? 1;
    if (!(this.beta > 0))
      throw new ValueError('SmoothL1Loss', 'beta', `must be positive, got ${this.beta}`);
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    checkSameShape('SmoothL1Loss', logits, labels);
    return scope(() => {
      const d = abs(sub(logits, labels));
      const quadratic = div(mul(square(d), 0.5), this.beta);
      return this.getLoss(where(less(d, this.beta), quadratic, sub(d, 0.5 * this.beta)));
    });
  }
}

/** Options of BCEWithLogitsLoss. */
export interface BCEWithLogitsLossOptions {
  readonly reduction?: Reduction;
  /** Rescales each element's loss (broadcast against the logits). */
  readonly weight?: Tensor;
  /** Weight of the positive term, per class (broadcast against the last axis). */
  readonly posWeight?: Tensor;
}

/**
 * Sigmoid plus binary cross-entropy in one stable expression, as MindSpore's
 * `nn.BCEWithLogitsLoss(reduction='mean', weight=None, pos_weight=None)`:
 * w·[pw·y·softplus(−x) + (1 − y)·softplus(x)].
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { BCEWithLogitsLoss } from '@gradkit/train';
 *
 * const logits = tensor([0, 2]);
 * const targets = tensor([1, 0]); // targets in [0, 1]
 * new BCEWithLogitsLoss()(logits, targets);
 * ```
 */
export class BCEWithLogitsLoss extends LossBase {
  readonly weight: Tensor | undefined;
  readonly posWeight: Tensor | undefined;

  constructor(options: BCEWithLogitsLossOptions = {}) {
    super(
      checkOptions('BCEWithLogitsLoss', options, "new BCEWithLogitsLoss({ reduction: 'sum' })")
        .reduction ?? 'mean',
      'BCEWithLogitsLoss',
    );
    this.weight = options.weight;
    this.posWeight = options.posWeight;
  }

  construct(logits: Tensor, labels: Tensor): Tensor {
    checkSameShape('BCEWithLogitsLoss', logits, labels);
    return scope(() => {
      let positive = mul(labels, softplus(mul(logits, -1)));
      if (this.posWeight !== undefined) positive = mul(positive, this.posWeight);
      const loss = add(positive, mul(sub(1, labels), softplus(logits)));
      return this.getLoss(loss, this.weight);
    });
  }
}
