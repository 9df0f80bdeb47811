import {
  type GradientTransformation,
  identity,
  namedChain,
  scaleByAdam,
  scaleByLearningRate,
} from '@gradkit/optim';
import type { Tensor } from '@gradkit/tensor';
import {
  type AdamFamilyHyperparameters,
  type AdamFamilyOptions,
  checkAdamFamily,
} from './adam-family.js';
import { coupledWeightDecay, maximizeStep } from './common.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';
import type { OptimizerParams } from './param-groups.js';
import { checkBoolean } from './validate.js';

export type AdamHyperparameters = AdamFamilyHyperparameters & {
  amsgrad: boolean;
  maximize: boolean;
};

/** Adam's options: MindSpore's / PyTorch's keywords in camelCase. */
export interface AdamOptions extends AdamFamilyOptions {
  /** Default 1e-3; a number or a one-element Tensor. */
  readonly lr?: number | Tensor;
  /** Default false. */
  readonly amsgrad?: boolean;
  /** Default false. */
  readonly maximize?: boolean;
}

/** Which AMSGrad: the documented maximum over v̂ (MindSpore) or PyTorch's over raw v. */
export type AmsgradVariant = 'documented' | 'pytorch';

/** The checks of Adam and AdamW (PyTorch's order and wording). */
export function validateAdam(
  name: string,
  h: Readonly<Record<string, unknown>>,
): AdamHyperparameters {
  const shared = checkAdamFamily(name, h);
  const amsgrad = checkBoolean(name, 'amsgrad', h.amsgrad);
  const maximize = checkBoolean(name, 'maximize', h.maximize);
  return { ...shared, amsgrad, maximize };
}

/** Adam's or AMSGrad's rescaling with these hyperparameters. */
export function adamScaling(h: AdamHyperparameters, variant: AmsgradVariant) {
  const [b1, b2] = h.betas;
  return h.amsgrad
    ? scaleByAdam({ b1, b2, eps: h.eps, amsgrad: variant === 'documented' ? 'vHat' : 'rawV' })
    : scaleByAdam({ b1, b2, eps: h.eps });
}

/**
 * Adam's rescaling and the −lr step as two chain entries (`adam`, `lr`): without AMSGrad the
 * learning rate is folded into Adam's fused pass and `lr` is the identity, which has the same
 * (empty) state as `scaleByLearningRate`, so state dicts do not change.
 */
export function adamSteps(h: AdamHyperparameters, variant: AmsgradVariant) {
  if (h.amsgrad) return { adam: adamScaling(h, variant), lr: scaleByLearningRate(h.lr) };
  const [b1, b2] = h.betas;
  return { adam: scaleByAdam({ b1, b2, eps: h.eps, scale: -h.lr }), lr: identity() };
}

/** A spec with Adam's checks and state layout (`amsgrad` fixed once there is state). */
export function adamCheckedSpec(
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: the state type differs per composition.
  transform: (h: AdamHyperparameters) => GradientTransformation<any>,
): OptimizerSpec<AdamHyperparameters> {
  return {
    name,
    validate: (h) => validateAdam(name, h),
    transform,
    structure: (h) => ({ amsgrad: h.amsgrad }),
  };
}

/**
 * Adam as a composition: maximize, coupled decay, Adam's rescaling, −lr.
 *
 * @example
 * ```ts
 * import { optim } from '@gradkit/train';
 *
 * const spec = optim.adamSpec(); // the composition behind optim.Adam
 * spec.name; // 'Adam'
 * ```
 */
export function adamSpec(
  variant: AmsgradVariant = 'documented',
  name = 'Adam',
): OptimizerSpec<AdamHyperparameters> {
  return adamCheckedSpec(name, (h) =>
    namedChain({
      maximize: maximizeStep(h.maximize),
      weightDecay: coupledWeightDecay(h.weightDecay),
      ...adamSteps(h, variant),
    }),
  );
}

/** Adam's defaults (MindSpore's and PyTorch's). */
export const ADAM_DEFAULTS = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
} as const;

/**
 * Adam (Kingma & Ba 2014), MindSpore's `experimental.optim.Adam`, with the documented
 * formulas of MindSpore's and PyTorch's documentation:
 *
 *   g ← −∇f if maximize; g ← g + λθ if λ ≠ 0
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  m̂ = m/(1−β1ᵗ),  v̂ = v/(1−β2ᵗ)
 *   amsgrad: v̂max ← max(v̂max, v̂), θ ← θ − γ·m̂/(√v̂max + ε); otherwise θ ← θ − γ·m̂/(√v̂ + ε)
 *
 * (`chain(scale(-1)?, addDecayedWeights(λ), scaleByAdam({ amsgrad? }), scaleByLearningRate(γ))`,
 * per parameter, t counting that parameter's steps.)
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss, optim, valueAndGrad } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const lossFn = new MSELoss();
 * const optimizer = new optim.Adam(net.trainableParams(), { lr: 0.1 });
 * const forwardFn = (x: Tensor, y: Tensor) => { const out = net(x); return [lossFn(out, y), out] as const; };
 * const gradFn = valueAndGrad(forwardFn, null, optimizer.parameters, true);
 * const [[loss], grads] = gradFn(tensor([[1, 2]]), tensor([[1]]));
 * optimizer(grads);
 * ```
 */
export class Adam extends Optimizer<AdamHyperparameters> {
  constructor(params: OptimizerParams<AdamHyperparameters>, options: AdamOptions | number = {}) {
    super(adamSpec(), params, ADAM_DEFAULTS, options);
  }
}
