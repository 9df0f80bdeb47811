import { identity, namedChain, scaleByLearningRate, traceWithDampening } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { invalidValue } from './errors.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import {
  checkBoolean,
  checkLr,
  checkNonNegative,
  checkNumber,
  checkWeightDecay,
} from './validate.js';

export type SGDHyperparameters = {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
};

export interface SGDOptions {
  /** Required (PyTorch's and MindSpore's SGD have no default). */
  readonly lr: number | Tensor;
  /** Default 0 (no momentum buffer). */
  readonly momentum?: number;
  /** Default 0. */
  readonly dampening?: number;
  /** Coupled L2 weight decay; default 0. */
  readonly weightDecay?: number;
  /** Default false; needs momentum > 0 and dampening 0. */
  readonly nesterov?: boolean;
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.SGD` and the torch
 * front end's `SGD`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.sgdSpec('SGD'); // the composition behind optim.SGD
 * spec.name; // 'SGD'
 * ```
 */
export function sgdSpec(name = 'SGD'): OptimizerSpec<SGDHyperparameters> {
  return {
    name,
    validate: (h) => {
      const lr = checkLr(name, h.lr);
      const momentum = checkNonNegative(name, 'momentum', h.momentum, 'momentum value');
      const weightDecay = checkWeightDecay(name, h.weightDecay);
      const dampening = checkNumber(name, 'dampening', h.dampening);
      const nesterov = checkBoolean(name, 'nesterov', h.nesterov);
      const maximize = checkBoolean(name, 'maximize', h.maximize);
      if (nesterov && (momentum <= 0 || dampening !== 0)) {
        throw invalidValue(
          name,
          'nesterov',
          'Nesterov momentum requires a momentum and zero dampening',
        );
      }
      return { lr, momentum, dampening, weightDecay, nesterov, maximize };
    },
    transform: (h) =>
      namedChain({
        maximize: maximizeStep(h.maximize),
        weightDecay: coupledWeightDecay(h.weightDecay),
        momentum:
          h.momentum === 0
            ? identity()
            : traceWithDampening(h.momentum, { dampening: h.dampening, nesterov: h.nesterov }),
        lr: scaleByLearningRate(h.lr),
      }),
    structure: (h) => ({ momentum: h.momentum !== 0 }),
  };
}

/** The defaults of the torch front end's and MindSpore's experimental SGD (PyTorch's). */
export const SGD_DEFAULTS = {
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
} as const;

/**
 * Stochastic gradient descent with momentum, MindSpore's `experimental.optim.SGD` (PyTorch's
 * formulas):
 *
 *   g ← −∇f if maximize; g ← g + λθ if λ ≠ 0
 *   if μ ≠ 0: b ← g at the first step, then b ← μ·b + (1−τ)·g; g ← g + μ·b if nesterov, else b
 *   θ ← θ − γ·g
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ), traceWithDampening(μ, {dampening τ, nesterov}),
 * scaleByLearningRate(γ))`.) Whether momentum is 0 is fixed once a parameter has state.
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.SGD([w], { lr: 0.1, momentum: 0.9, nesterov: true });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class SGD extends Optimizer<SGDHyperparameters> {
  constructor(params: OptimizerParams<SGDHyperparameters>, options: SGDOptions | number) {
    super(sgdSpec(), params, SGD_DEFAULTS, options);
  }
}
