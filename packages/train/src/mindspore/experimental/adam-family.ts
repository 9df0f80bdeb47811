import type { Tensor } from '@gradkit/tensor';
import { checkBetas, checkEps, checkLr, checkWeightDecay } from './validate.js';

/** The hyperparameters Adam, AdamW, Adamax, NAdam and RAdam share. */
export type AdamFamilyHyperparameters = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
};

/** The options Adam, AdamW, Adamax, NAdam and RAdam share; each class documents its `lr` default. */
export interface AdamFamilyOptions {
  /** A number or a one-element Tensor. */
  readonly lr?: number | Tensor;
  /** Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  /** Coupled L2 weight decay (AdamW: decoupled); default 0. */
  readonly weightDecay?: number;
}

/** Their checks, in PyTorch's order (lr, eps, betas, weight decay) and wording. */
export function checkAdamFamily(
  name: string,
  h: Readonly<Record<string, unknown>>,
): AdamFamilyHyperparameters {
  const lr = checkLr(name, h.lr);
  const eps = checkEps(name, h.eps);
  const betas = checkBetas(name, h.betas);
  const weightDecay = checkWeightDecay(name, h.weightDecay);
  return { lr, betas, eps, weightDecay };
}
