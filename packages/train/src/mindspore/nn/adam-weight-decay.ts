import {
  chain,
  type GradientTransformation,
  identity,
  type Schedule,
  scaleByAdamWithoutBiasCorrection,
  scaleByLearningRate,
} from '@gradkit/optim';
import { groupDecay, type OptimizerParams, type ResolvedGroup } from './groups.js';
import { NnOptimizer, type NnOptimizerOptions } from './nn-optimizer.js';
import { checkNumber, checkOpenUnit, checkPositive, orDefault } from './validate.js';

/** Options of nn.AdamWeightDecay. */
export interface AdamWeightDecayOptions extends NnOptimizerOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  /** Default 1e-6, as MindSpore. */
  readonly eps?: number;
}

/**
 * MindSpore's `nn.AdamWeightDecay` (decoupled decay, no bias correction):
 *
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  u = m/(√v + ε) + λ·w,  w ← w − lr·u
 *
 * λ applies (ungrouped) only to parameters named without 'beta' or 'gamma'. A chain of
 * `scaleByAdamWithoutBiasCorrection`, a masked `addDecayedWeights` and `scaleByLearningRate`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, nn } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const optimizer = new nn.AdamWeightDecay(net.trainableParams(), { learningRate: 1e-3, weightDecay: 0.01 });
 * optimizer([tensor([[0.1, -0.1]]), tensor([0.5])]); // grads in optimizer.parameters order
 * ```
 */
export class AdamWeightDecay extends NnOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  constructor(params: OptimizerParams, given: AdamWeightDecayOptions | number = {}) {
    const op = 'nn.AdamWeightDecay';
    super(op, params, given, ['beta1', 'beta2', 'eps']);
    const options: AdamWeightDecayOptions = typeof given === 'number' ? {} : given;
    checkNumber(op, 'beta1', orDefault(options.beta1, 0.9));
    checkNumber(op, 'beta2', orDefault(options.beta2, 0.999));
    checkNumber(op, 'eps', orDefault(options.eps, 1e-6));
    this.beta1 = checkOpenUnit(op, 'beta1', orDefault(options.beta1, 0.9));
    this.beta2 = checkOpenUnit(op, 'beta2', orDefault(options.beta2, 0.999));
    this.eps = checkPositive(op, 'eps', orDefault(options.eps, 1e-6));
    this.build({ coupledDecay: false, sparse: false });
  }

  protected algorithm(
    group: ResolvedGroup,
    learningRate: Schedule,
  ): GradientTransformation<unknown> {
    const decay = group.weightDecay > 0 ? groupDecay(group) : identity();
    return chain(
      scaleByAdamWithoutBiasCorrection({ b1: this.beta1, b2: this.beta2, eps: this.eps }),
      decay,
      scaleByLearningRate(learningRate),
    ) as GradientTransformation<unknown>;
  }
}
