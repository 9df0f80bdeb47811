import { namedChain, scale, scaleByRprop } from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import { maximizeStep } from './common.js';
import { formatNumber, invalidValue } from './errors.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean, checkLr, checkPair } from './validate.js';

export type RpropHyperparameters = {
  lr: number;
  etas: readonly [number, number];
  stepSizes: readonly [number, number];
  maximize: boolean;
};

export interface RpropOptions {
  /** The initial step size; default 1e-2. */
  readonly lr?: number | Tensor;
  /** [etaMinus, etaPlus]; default [0.5, 1.2]. */
  readonly etas?: readonly [number, number];
  /** [minimum, maximum] step size; default [1e-6, 50]. */
  readonly stepSizes?: readonly [number, number];
  /** Default false. */
  readonly maximize?: boolean;
}

/**
 * The optimizer spec (validation, transform, state layout) behind `optim.Rprop` and the torch
 * front end's `Rprop`: `name` is the class name that error messages start with.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.rpropSpec('Rprop'); // the composition behind optim.Rprop
 * spec.name; // 'Rprop'
 * ```
 */
export function rpropSpec(name = 'Rprop'): OptimizerSpec<RpropHyperparameters> {
  return {
    name,
    validate: (h) => {
      const lr = checkLr(name, h.lr);
      const etas = checkPair(name, 'etas', h.etas);
      if (!(etas[0] > 0 && etas[0] < 1 && etas[1] > 1)) {
        throw invalidValue(
          name,
          'etas',
          `Invalid eta values: ${formatNumber(etas[0])}, ${formatNumber(etas[1])}`,
        );
      }
      const stepSizes = checkPair(name, 'stepSizes', h.stepSizes);
      const maximize = checkBoolean(name, 'maximize', h.maximize);
      return { lr, etas, stepSizes, maximize };
    },
    transform: (h) =>
      namedChain({
        maximize: maximizeStep(h.maximize),
        // lr only seeds the step sizes of a new state, as in PyTorch.
        rprop: scaleByRprop(h.lr, {
          etaMinus: h.etas[0],
          etaPlus: h.etas[1],
          minStepSize: h.stepSizes[0],
          maxStepSize: h.stepSizes[1],
        }),
        descend: scale(-1),
      }),
  };
}

/**
 * Rprop (Riedmiller & Braun 1993; iRprop⁻), MindSpore's `experimental.optim.Rprop`
 * (PyTorch's formulas):
 *
 *   g ← −∇f if maximize;  s = g·g₋₁
 *   Δ ← clip(Δ·η₊) where s > 0, clip(Δ·η₋) where s < 0 (clip to stepSizes);  g ← 0 where s < 0
 *   θ ← θ − Δ·sign(g);  g₋₁ ← g;  Δ starts at lr
 *
 * (`chain(scale(-1)?, scaleByRprop(lr, ...), scale(-1))`.)
 *
 * @example
 * ```ts
 * import { optim, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * const optimizer = new optim.Rprop([w], { lr: 0.01 });
 * optimizer([tensor([0.1, -0.1])]); // one step with this gradient for w
 * ```
 */
export class Rprop extends Optimizer<RpropHyperparameters> {
  constructor(params: OptimizerParams<RpropHyperparameters>, options: RpropOptions | number = {}) {
    super(
      rpropSpec(),
      params,
      {
        lr: 1e-2,
        etas: [0.5, 1.2],
        stepSizes: [1e-6, 50],
        maximize: false,
      },
      options,
    );
  }
}
