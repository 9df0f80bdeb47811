import type { AdamStepCoefficients } from '../backend.js';
import { isFloating } from '../dtype.js';
import { adoptOutput, runCapability } from '../engine.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { currentObserver } from '../observer.js';
import { add, div, mul } from '../ops/binary.js';
import { expectTensor } from '../ops/convert.js';
import { sqrt } from '../ops/unary.js';
import { opScope } from '../scope.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';

export interface AdamStepOptions {
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
  /** Added to v-hat inside the square root (Optax's eps_root). */
  readonly epsRoot?: number;
  /** The step number t, counting from 1. */
  readonly count: number;
  readonly nesterov?: boolean;
  /** Multiplies the update; for example -learningRate. Default 1. */
  readonly scale?: number;
}

export interface AdamStepResult {
  readonly update: Tensor;
  readonly firstMoment: Tensor;
  readonly secondMoment: Tensor;
}

function coefficients(options: AdamStepOptions): AdamStepCoefficients {
  const { b1, b2, eps, count } = options;
  for (const [name, value] of [
    ['b1', b1],
    ['b2', b2],
  ] as const) {
    if (!(value >= 0 && value < 1))
      throw new ValueError('adamStep', name, `must be in [0, 1), got ${value}`);
  }
  if (!(eps >= 0)) throw new ValueError('adamStep', 'eps', `must be >= 0, got ${eps}`);
  if (!Number.isInteger(count) || count < 1) {
    throw new ValueError('adamStep', 'count', `must be an integer >= 1, got ${count}`);
  }
  return {
    b1,
    b2,
    eps,
    epsRoot: options.epsRoot ?? 0,
    biasCorrection1: 1 - b1 ** count,
    biasCorrection2: 1 - b2 ** count,
    nesterovCorrection: options.nesterov ? 1 - b1 ** (count + 1) : undefined,
    scale: options.scale ?? 1,
  };
}

/** The reference: Optax's scale_by_adam written in tensor ops. */
function composed(gradient: Tensor, m: Tensor, v: Tensor, c: AdamStepCoefficients): AdamStepResult {
  return opScope(() => {
    const firstMoment = add(mul(m, c.b1), mul(gradient, 1 - c.b1));
    const secondMoment = add(mul(v, c.b2), mul(mul(gradient, gradient), 1 - c.b2));
    const mHat =
      c.nesterovCorrection === undefined
        ? div(firstMoment, c.biasCorrection1)
        : add(
            div(mul(firstMoment, c.b1), c.nesterovCorrection),
            div(mul(gradient, 1 - c.b1), c.biasCorrection1),
          );
    const denominator = add(sqrt(add(div(secondMoment, c.biasCorrection2), c.epsRoot)), c.eps);
    const update = mul(div(mHat, denominator), c.scale);
    return { update, firstMoment, secondMoment };
  });
}

/**
 * One Adam step: m' = b1 m + (1 - b1) g, v' = b2 v + (1 - b2) g^2, and the update
 * scale * m-hat / (sqrt(v-hat + epsRoot) + eps) with bias-corrected moments (Nesterov's
 * variant when asked). Uses the backend's fused kernel when it has one and no gradient is
 * being recorded; otherwise composes tensor ops, which is the reference.
 *
 * @example
 * ```ts
 * import { adamStep, tensor, zeros } from '@gradkit/tensor';
 *
 * const g = tensor([0.1, -0.2]);
 * const { update, firstMoment, secondMoment } = adamStep(g, zeros([2]), zeros([2]), {
 *   b1: 0.9,
 *   b2: 0.999,
 *   eps: 1e-8,
 *   count: 1,
 *   scale: -1e-3, // -learning rate: the update is added to the parameters
 * });
 * ```
 */
export function adamStep(
  gradient: Tensor,
  firstMoment: Tensor,
  secondMoment: Tensor,
  options: AdamStepOptions,
): AdamStepResult {
  const op = 'adamStep';
  expectTensor(op, 'gradient', gradient);
  expectTensor(op, 'firstMoment', firstMoment);
  expectTensor(op, 'secondMoment', secondMoment);
  for (const [name, t] of [
    ['firstMoment', firstMoment],
    ['secondMoment', secondMoment],
  ] as const) {
    if (!shapesEqual(t.shape, gradient.shape)) {
      throw new ShapeError(
        op,
        name,
        `has shape ${formatShape(t.shape)} but gradient has ${formatShape(gradient.shape)}`,
      );
    }
    if (t.dtype !== gradient.dtype)
      throw new DTypeError(op, name, `has dtype ${t.dtype} but gradient has ${gradient.dtype}`);
  }
  if (!isFloating(gradient.dtype))
    throw new DTypeError(op, 'gradient', `must be float32 or float64, got ${gradient.dtype}`);
  const c = coefficients(options);
  const kernel = gradient.backend.capabilities?.adamStep;
  if (kernel === undefined || currentObserver() !== undefined)
    return composed(gradient, firstMoment, secondMoment, c);
  const [update, m, v] = runCapability(op, [gradient, firstMoment, secondMoment], (g, m0, v0) =>
    kernel(g, m0, v0, c),
  );
  const out = { shape: gradient.shape, dtype: gradient.dtype };
  return {
    update: adoptOutput(gradient.backend, update, out),
    firstMoment: adoptOutput(gradient.backend, m, out),
    secondMoment: adoptOutput(gradient.backend, v, out),
  };
}

export { composed as composedAdamStep };
