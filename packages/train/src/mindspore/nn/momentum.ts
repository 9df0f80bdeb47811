import {
  chain,
  type GradientTransformation,
  type Schedule,
  scaleByLearningRate,
  trace,
} from '@gradkit/optim';
import { ValueError } from '@gradkit/tensor';
import type { OptimizerParams, ResolvedGroup } from './groups.js';
import { NnOptimizer, type NnOptimizerOptions } from './nn-optimizer.js';
import { checkBoolean, checkNonNegative, orDefault } from './validate.js';

/** Options of nn.Momentum: learningRate and momentum are required, as in MindSpore. */
export interface MomentumOptions extends NnOptimizerOptions {
  readonly learningRate: NonNullable<NnOptimizerOptions['learningRate']>;
  /** ≥ 0 (below 1 in practice: @gradkit/optim's trace takes [0, 1)). */
  readonly momentum: number;
  readonly useNesterov?: boolean;
}

/**
 * MindSpore's `nn.Momentum` (its ApplyMomentum kernel):
 *
 *   g ← (g + λ·w)/lossScale,  v ← μ·v + g,  w ← w − lr·v  (useNesterov: w ← w − lr·(g + μ·v)).
 *
 * That is PyTorch's `torch.optim.SGD` with `dampening: 0` and `nesterov: useNesterov`, except
 * for the weight decay, which is MindSpore's `decay_weight`: applied to the still-scaled
 * gradient before the loss-scale division (so PyTorch's equivalent decay is λ/lossScale),
 * ungrouped only to parameters whose names contain neither 'beta' nor 'gamma' (PyTorch decays
 * every parameter), grouped to every parameter of a group by its `weight_decay`. A chain of
 * `trace` and `scaleByLearningRate` after the shared decay and unscaling.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss, nn, valueAndGrad } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const lossFn = new MSELoss();
 * const optimizer = new nn.Momentum(net.trainableParams(), { learningRate: 0.1, momentum: 0.9 });
 * const gradFn = valueAndGrad((x: Tensor, y: Tensor) => lossFn(net(x), y), null, optimizer.parameters);
 * const [loss, grads] = gradFn(tensor([[1, 2]]), tensor([[1]]));
 * optimizer(grads);
 * ```
 */
export class Momentum extends NnOptimizer {
  readonly momentum: number;
  readonly useNesterov: boolean;

  constructor(params: OptimizerParams, options: MomentumOptions) {
    const op = 'nn.Momentum';
    if (options?.learningRate === undefined)
      throw new ValueError(op, 'learningRate', 'is required');
    super(op, params, options, ['momentum', 'useNesterov']);
    if (options.momentum === undefined) throw new ValueError(op, 'momentum', 'is required');
    this.momentum = checkNonNegative(op, 'momentum', options.momentum);
    this.useNesterov = checkBoolean(op, 'useNesterov', orDefault(options.useNesterov, false));
    this.build({ coupledDecay: true, sparse: false });
  }

  protected algorithm(
    _group: ResolvedGroup,
    learningRate: Schedule,
  ): GradientTransformation<unknown> {
    return chain(
      trace(this.momentum, { nesterov: this.useNesterov }),
      scaleByLearningRate(learningRate),
    ) as GradientTransformation<unknown>;
  }
}
