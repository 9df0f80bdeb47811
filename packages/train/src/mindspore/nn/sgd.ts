import {
  addDecayedWeights,
  chain,
  type GradientTransformation,
  identity,
  type Schedule,
  scaleByLearningRate,
  traceWithDampening,
} from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import type { OptimizerParams, ResolvedGroup } from './groups.js';
import { NnOptimizer, type NnOptimizerOptions } from './nn-optimizer.js';
import { checkBoolean, checkNonNegative, orDefault } from './validate.js';

/** Options of nn.SGD (MindSpore's defaults: learningRate 0.1, momentum 0, dampening 0). */
export interface SGDOptions extends NnOptimizerOptions {
  /** ≥ 0; default 0 (plain SGD, no state). */
  readonly momentum?: number;
  /** ≥ 0; default 0. */
  readonly dampening?: number;
  /** Needs momentum > 0 and dampening 0; default false. */
  readonly nesterov?: boolean;
}

function hasGroupWeightDecay(params: OptimizerParams): boolean {
  return (
    Array.isArray(params) &&
    params.some(
      (g: unknown) =>
        g !== null &&
        typeof g === 'object' &&
        ((g as Record<string, unknown>).weight_decay !== undefined ||
          (g as Record<string, unknown>).weightDecay !== undefined),
    )
  );
}

/**
 * MindSpore's `nn.SGD` (its SGD kernel), which is PyTorch's `torch.optim.SGD`:
 *
 *   g ← g/lossScale + λ·w,  v ← μ·v + (1 − dampening)·g (v = g at the first step),
 *   w ← w − lr·v  (nesterov: w ← w − lr·(g + μ·v)); without momentum w ← w − lr·g.
 *
 * Unlike nn.Momentum and nn.Adam, the weight decay is the kernel's: it applies to every
 * parameter (no 'beta'/'gamma' name filter) and after the loss-scale division. As in
 * MindSpore, a group cannot have its own `weight_decay` (a ValueError; MindSpore ignores it);
 * groups may set `lr`, `grad_centralization` and `order_params`. A chain of
 * `addDecayedWeights`, `traceWithDampening` and `scaleByLearningRate`.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss, nn, valueAndGrad } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const lossFn = new MSELoss();
 * const optimizer = new nn.SGD(net.trainableParams(), { learningRate: 0.05, momentum: 0.9, nesterov: true });
 * const gradFn = valueAndGrad((x: Tensor, y: Tensor) => lossFn(net(x), y), null, optimizer.parameters);
 * const [loss, grads] = gradFn(tensor([[1, 2]]), tensor([[1]]));
 * optimizer(grads);
 * ```
 */
export class SGD extends NnOptimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;

  constructor(params: OptimizerParams, given: SGDOptions | number = {}) {
    const options: SGDOptions = typeof given === 'number' ? { learningRate: given } : given;
    const op = 'nn.SGD';
    if (hasGroupWeightDecay(params)) {
      throw new ValueError(
        op,
        'params',
        "cannot set a group's weight_decay (MindSpore's nn.SGD takes one weightDecay for all parameters)",
      );
    }
    super(op, params, { ...options, learningRate: orDefault(options?.learningRate, 0.1) }, [
      'momentum',
      'dampening',
      'nesterov',
    ]);
    this.momentum = checkNonNegative(op, 'momentum', orDefault(options.momentum, 0));
    this.dampening = checkNonNegative(op, 'dampening', orDefault(options.dampening, 0));
    this.nesterov = checkBoolean(op, 'nesterov', orDefault(options.nesterov, false));
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new ValueError(op, 'nesterov', 'needs momentum > 0 and dampening 0');
    }
    this.build({ coupledDecay: false, sparse: false });
  }

  protected algorithm(
    _group: ResolvedGroup,
    learningRate: Schedule,
  ): GradientTransformation<unknown> {
    const decay =
      this.weightDecay > 0 ? addDecayedWeights({ weightDecay: this.weightDecay }) : identity();
    const momentum =
      this.momentum > 0
        ? traceWithDampening(this.momentum, { dampening: this.dampening, nesterov: this.nesterov })
        : identity();
    return chain(
      decay as GradientTransformation<unknown>,
      momentum,
      scaleByLearningRate(learningRate),
    ) as GradientTransformation<unknown>;
  }
}
