import { namedChain, scaleByLearningRate, scaleByRss } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean, checkEps, checkLr, checkNonNegative, checkWeightDecay } from './validate.js';

export type AdagradHyperparameters = {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
};

export interface AdagradOptions {
  /** Default 1e-2. */
  readonly lr?: number | Tensor;
  /** Default 0: the step size at step t is lr/(1 + (t−1)·lrDecay). */
  readonly lrDecay?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default 0. */
  readonly initialAccumulatorValue?: number;
  /** Default 1e-10, outside the square root. */
  readonly eps?: number;
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.Adagrad` and the torch
 * front end's `Adagrad`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.adagradSpec('Adagrad'); // the composition behind optim.Adagrad
 * spec.name; // 'Adagrad'
 * ```
 */
export function adagradSpec(name = 'Adagrad'): OptimizerSpec<AdagradHyperparameters> {
  return {
    name,
    validate: (h) => {
      const lr = checkLr(name, h.lr);
      const lrDecay = checkNonNegative(name, 'lrDecay', h.lrDecay, 'lr_decay value');
      const weightDecay = checkWeightDecay(name, h.weightDecay);
      const initialAccumulatorValue = checkNonNegative(
        name,
        'initialAccumulatorValue',
        h.initialAccumulatorValue,
        'initial_accumulator_value value',
      );
      const eps = checkEps(name, h.eps);
      const maximize = checkBoolean(name, 'maximize', h.maximize);
      return { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize };
    },
    transform: (h) =>
      namedChain({
        maximize: maximizeStep(h.maximize),
        weightDecay: coupledWeightDecay(h.weightDecay),
        rss: scaleByRss({
          initialAccumulatorValue: h.initialAccumulatorValue,
          eps: h.eps,
          epsInSqrt: false,
        }),
        // Always a schedule (count = t − 1), so the state is the same with or without decay.
        lr: scaleByLearningRate((count) => h.lr / (1 + count * h.lrDecay)),
      }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental Adagrad (PyTorch's). */
export const ADAGRAD_DEFAULTS = {
  lr: 1e-2,
  lrDecay: 0,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  eps: 1e-10,
  maximize: false,
} as const;

/**
 * Adagrad (Duchi et al. 2011), MindSpore's `experimental.optim.Adagrad` (PyTorch's formulas):
 *
 *   g ← −∇f if maximize; g ← g + λθ if λ ≠ 0
 *   γ̃ = γ/(1 + (t−1)·η);  s ← s + g²;  θ ← θ − γ̃·g/(√s + ε)
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ), scaleByRss (epsInSqrt false),
 * scaleByLearningRate(count ↦ γ/(1 + count·η)))`; s starts at initialAccumulatorValue.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.Adagrad([w], { lr: 0.01 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class Adagrad extends Optimizer<AdagradHyperparameters> {
  constructor(
    params: OptimizerParams<AdagradHyperparameters>,
    options: AdagradOptions | number = {},
  ) {
    super(adagradSpec(), params, ADAGRAD_DEFAULTS, options);
  }
}
