import {
  type GradientTransformation,
  type Schedule,
  scaleByAdamFoldedBiasCorrection,
} from '@gradkit/optim';
import type { OptimizerParams, ResolvedGroup } from './groups.js';
import { NnOptimizer, type NnOptimizerOptions } from './nn-optimizer.js';
import { checkBoolean, checkNumber, checkOpenUnit, checkPositive, orDefault } from './validate.js';

/** Options of nn.Adam, MindSpore's keywords in camelCase. */
export interface AdamOptions extends NnOptimizerOptions {
  /** In (0, 1); default 0.9. */
  readonly beta1?: number;
  /** In (0, 1); default 0.999. */
  readonly beta2?: number;
  /** > 0, outside the bias correction; default 1e-8. */
  readonly eps?: number;
  /** Accepted and checked; a single-threaded runtime has nothing to lock. Default false. */
  readonly useLocking?: boolean;
  /** Nesterov's numerator β1·m + (1−β1)·g; default false. */
  readonly useNesterov?: boolean;
}

/**
 * MindSpore's `nn.Adam`:
 *
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  l = α·√(1−β2ᵗ)/(1−β1ᵗ),  w ← w − l·m/(√v + ε)
 *
 * with ε outside the bias correction (unlike PyTorch) and β1ᵗ, β2ᵗ float32 running products.
 * Before it, in this order: weight decay g ← g + λ·w (ungrouped: only parameters whose names
 * hold neither 'beta' nor 'gamma'), gradient centralization of rank-4 kernels in groups that
 * ask, and g ← g/lossScale. A RowSparse gradient is the dense one with zero rows (see LazyAdam).
 *
 * Wrong types throw an `ArgumentTypeError` (a TypeError), out-of-range values a `ValueError`,
 * both before any state exists.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss, nn, valueAndGrad } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const lossFn = new MSELoss();
 * const optimizer = new nn.Adam(net.trainableParams(), { learningRate: 0.1 });
 * const gradFn = valueAndGrad((x: Tensor, y: Tensor) => lossFn(net(x), y), null, optimizer.parameters);
 * const [loss, grads] = gradFn(tensor([[1, 2]]), tensor([[1]]));
 * optimizer(grads);
 * ```
 */
export class Adam extends NnOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly useLocking: boolean;
  readonly useNesterov: boolean;

  /** The name errors give (subclasses override it). */
  static readonly opName: string = 'nn.Adam';

  constructor(params: OptimizerParams, given: AdamOptions | number = {}) {
    const op = (new.target as typeof Adam).opName;
    super(op, params, given, ['beta1', 'beta2', 'eps', 'useLocking', 'useNesterov']);
    const options: AdamOptions = typeof given === 'number' ? {} : given;
    // Types first, for all four numbers, then their ranges (MindSpore checks in this order).
    checkNumber(op, 'beta1', orDefault(options.beta1, 0.9));
    checkNumber(op, 'beta2', orDefault(options.beta2, 0.999));
    checkNumber(op, 'eps', orDefault(options.eps, 1e-8));
    this.useLocking = checkBoolean(op, 'useLocking', orDefault(options.useLocking, false));
    this.useNesterov = checkBoolean(op, 'useNesterov', orDefault(options.useNesterov, false));
    this.beta1 = checkOpenUnit(op, 'beta1', orDefault(options.beta1, 0.9));
    this.beta2 = checkOpenUnit(op, 'beta2', orDefault(options.beta2, 0.999));
    this.eps = checkPositive(op, 'eps', orDefault(options.eps, 1e-8));
    this.build({ coupledDecay: true, sparse: this.lazy });
  }

  /** Whether RowSparse gradients step only their rows (LazyAdam). */
  protected get lazy(): boolean {
    return false;
  }

  protected algorithm(
    _group: ResolvedGroup,
    learningRate: Schedule,
  ): GradientTransformation<unknown> {
    return scaleByAdamFoldedBiasCorrection(learningRate, {
      b1: this.beta1,
      b2: this.beta2,
      eps: this.eps,
      nesterov: this.useNesterov,
      lazy: this.lazy,
    }) as GradientTransformation<unknown>;
  }
}
