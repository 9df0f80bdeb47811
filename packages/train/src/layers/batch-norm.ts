import { stopGradient } from '@gradkit/autograd';
import {
  add,
  keep,
  mean,
  mul,
  reshape,
  rsqrt,
  scope,
  sub,
  type Tensor,
  ValueError,
  variance,
} from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions, describeArgument } from '../cell/check-arguments.js';
import { type InitializerLike, initialize } from '../initializers/resolve.js';
import { Parameter } from '../parameter/parameter.js';

/** Options of the BatchNorm cells, as MindSpore's keywords and defaults. */
export interface BatchNormOptions {
  /** Added to the variance; default 1e-5. */
  readonly eps?: number;
  /** moving = momentum·moving + (1 − momentum)·batch; default 0.9 (PyTorch's 0.1 = 1 − 0.9). */
  readonly momentum?: number;
  /** Learn gamma and beta (default true); when false they are fixed at 1 and 0. */
  readonly affine?: boolean;
  readonly gammaInit?: InitializerLike;
  readonly betaInit?: InitializerLike;
  readonly movingMeanInit?: InitializerLike;
  readonly movingVarInit?: InitializerLike;
  /** true: always batch statistics; false: always moving ones; default: by training mode. */
  readonly useBatchStatistics?: boolean;
}

abstract class BatchNorm extends Cell {
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly movingMean: Parameter;
  readonly movingVariance: Parameter;
  readonly eps: number;
  readonly momentum: number;
  readonly useBatchStatistics: boolean | undefined;

  constructor(
    private readonly op: string,
    private readonly ranks: readonly number[],
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    checkOptions(op, options, `new ${op}(numFeatures, { eps: 1e-5, momentum: 0.9 })`);
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError(op, 'numFeatures', `must be a positive integer, got ${numFeatures}`);
    }
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.9;
    // A non-positive eps turns a constant channel into NaN mid-training instead of an error now.
    if (typeof this.eps !== 'number' || !(this.eps > 0) || !Number.isFinite(this.eps)) {
      throw new ValueError(
        op,
        'eps',
        `must be a finite number > 0, got ${describeArgument(this.eps)}`,
      );
    }
    if (typeof this.momentum !== 'number' || !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(
        op,
        'momentum',
        `must be a number in [0, 1] (the weight of the moving statistics; PyTorch's 0.1 is 0.9 here), got ${describeArgument(this.momentum)}`,
      );
    }
    const shape = [numFeatures];
    const affine = options.affine ?? true;
    this.gamma = new Parameter(
      initialize(options.gammaInit ?? 'ones', shape, 'float32', op),
      'gamma',
      affine,
    );
    this.beta = new Parameter(
      initialize(options.betaInit ?? 'zeros', shape, 'float32', op),
      'beta',
      affine,
    );
    this.movingMean = new Parameter(
      initialize(options.movingMeanInit ?? 'zeros', shape, 'float32', op),
      'movingMean',
      false,
    );
    this.movingVariance = new Parameter(
      initialize(options.movingVarInit ?? 'ones', shape, 'float32', op),
      'movingVariance',
      false,
    );
    this.useBatchStatistics = options.useBatchStatistics;
  }

  construct(x: Tensor): Tensor {
    if (!this.ranks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      throw new ValueError(
        this.op,
        'x',
        `must have rank ${this.ranks.join(' or ')} with ${this.numFeatures} channels in axis 1, got shape [${x.shape.join(', ')}]`,
      );
    }
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const column = x.shape.map((d, i) => (i === 1 ? d : 1));
    const batch = this.useBatchStatistics ?? this.training;
    return scope(() => {
      let centerBy: Tensor;
      let spread: Tensor;
      if (batch) {
        centerBy = mean(x, axes, true);
        spread = variance(x, axes, true);
        if (this.training) this.updateMovingStatistics(x, centerBy, spread);
      } else {
        centerBy = reshape(this.movingMean.value, column);
        spread = reshape(this.movingVariance.value, column);
      }
      const normalized = mul(sub(x, centerBy), rsqrt(add(spread, this.eps)));
      return add(
        mul(normalized, reshape(this.gamma.value, column)),
        reshape(this.beta.value, column),
      );
    });
  }

  private updateMovingStatistics(x: Tensor, batchMean: Tensor, batchVariance: Tensor): void {
    const count = x.size / this.numFeatures;
    // Moving statistics are not differentiated; the variance is unbiased, as PyTorch and MindSpore.
    const m = stopGradient(reshape(batchMean, [this.numFeatures]));
    const v = stopGradient(reshape(batchVariance, [this.numFeatures]));
    const unbiased = mul(v, count / Math.max(count - 1, 1));
    const nextMean = add(mul(this.movingMean.value, this.momentum), mul(m, 1 - this.momentum));
    const nextVariance = add(
      mul(this.movingVariance.value, this.momentum),
      mul(unbiased, 1 - this.momentum),
    );
    // keep: the call may run inside a scope (valueAndGrad's) that would free them.
    this.movingMean.assign(keep(nextMean));
    this.movingVariance.assign(keep(nextVariance));
  }
}

/**
 * Batch normalization over [N, C] or [N, C, L] input, as MindSpore's `nn.BatchNorm1d`:
 * parameters `gamma`, `beta` and the moving statistics `movingMean`, `movingVariance`.
 *
 * @example
 * ```ts
 * import { random } from '@gradkit/tensor';
 * import { BatchNorm1d } from '@gradkit/train';
 *
 * const bn = new BatchNorm1d(16).setTrain(true);
 * const y = bn(random.normal(random.key(0), [8, 16])); // x: [batch, 16]
 * ```
 */
export class BatchNorm1d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, options);
  }
}

/**
 * Batch normalization over NCHW input, as MindSpore's `nn.BatchNorm2d`.
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { BatchNorm2d } from '@gradkit/train';
 *
 * const bn = new BatchNorm2d(6);
 * const y = bn.setTrain(false)(zeros([2, 6, 4, 4])); // uses the moving statistics
 * ```
 */
export class BatchNorm2d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, options);
  }
}
