import {
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
import { checkBoolean, checkNonNegative, checkNumber, orDefault } from './validate.js';

/** Options of nn.SGD (MindSpore's defaults: learningRate 0.1, momentum 0, dampening 0). */
export interface SGDOptions extends NnOptimizerOptions {
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
}

/**
 * MindSpore's `nn.SGD`: v ← μ·v + (1 − dampening)·g (v = g at the first step), w ← w − lr·v
 * (nesterov: w ← w − lr·(g + μ·v)); without momentum w ← w − lr·g. Equal to PyTorch's SGD.
 * A chain of `traceWithDampening` and `scaleByLearningRate`.
 */
export class SGD extends NnOptimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;

  constructor(params: OptimizerParams, options: SGDOptions = {}) {
    const op = 'nn.SGD';
    super(op, params, { ...options, learningRate: orDefault(options?.learningRate, 0.1) });
    this.momentum = checkNonNegative(op, 'momentum', orDefault(options.momentum, 0));
    this.dampening = checkNumber(op, 'dampening', orDefault(options.dampening, 0));
    this.nesterov = checkBoolean(op, 'nesterov', orDefault(options.nesterov, false));
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new ValueError(op, 'nesterov', 'needs momentum > 0 and dampening 0');
    }
    this.build({ coupledDecay: true, sparse: false });
  }

  protected algorithm(
    _group: ResolvedGroup,
    learningRate: Schedule,
  ): GradientTransformation<unknown> {
    const momentum =
      this.momentum > 0
        ? traceWithDampening(this.momentum, { dampening: this.dampening, nesterov: this.nesterov })
        : identity();
    return chain(momentum, scaleByLearningRate(learningRate)) as GradientTransformation<unknown>;
  }
}
