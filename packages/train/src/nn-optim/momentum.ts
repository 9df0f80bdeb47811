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
 * MindSpore's `nn.Momentum`: v ← μ·v + g, w ← w − lr·v (nesterov: w ← w − lr·(g + μ·v)),
 * after weight decay and loss-scale division. PyTorch's SGD with momentum and dampening 0.
 * A chain of `trace` and `scaleByLearningRate`.
 */
export class Momentum extends NnOptimizer {
  readonly momentum: number;
  readonly useNesterov: boolean;

  constructor(params: OptimizerParams, options: MomentumOptions) {
    const op = 'nn.Momentum';
    if (options?.learningRate === undefined)
      throw new ValueError(op, 'learningRate', 'is required');
    super(op, params, options);
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
