import type { AdamStepCoefficients, AdamStepTargets, OutputInfo } from '../backend.js';
import { isFloating } from '../dtype.js';
import { adoptOutputOf, findDonor, runCapability, settleDonationsOutsideOps } from '../engine.js';
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

/** What `applyAdamStep` returns: the stepped parameters and moments. */
export interface AppliedAdamStep {
  readonly param: Tensor;
  readonly firstMoment: Tensor;
  readonly secondMoment: Tensor;
}

export interface AdamStepResult {
  readonly update: Tensor;
  readonly firstMoment: Tensor;
  readonly secondMoment: Tensor;
}

function coefficients(op: string, options: AdamStepOptions): AdamStepCoefficients {
  const { b1, b2, eps, count } = options;
  for (const [name, value] of [
    ['b1', b1],
    ['b2', b2],
  ] as const) {
    if (!(value >= 0 && value < 1))
      throw new ValueError(op, name, `must be in [0, 1), got ${value}`);
  }
  if (!(eps >= 0)) throw new ValueError(op, 'eps', `must be >= 0, got ${eps}`);
  if (!Number.isInteger(count) || count < 1) {
    throw new ValueError(op, 'count', `must be an integer >= 1, got ${count}`);
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
  const c = checkStep(
    op,
    [
      ['gradient', gradient],
      ['firstMoment', firstMoment],
      ['secondMoment', secondMoment],
    ],
    options,
  );
  const kernel = gradient.backend.capabilities?.adamStep;
  const out = { shape: gradient.shape, dtype: gradient.dtype };
  // A donated input's buffer takes the output of its own kind: the update the gradient's.
  const donors = donorsFor(op, [gradient, firstMoment, secondMoment], out, kernel !== undefined);
  if (kernel === undefined || currentObserver() !== undefined) {
    return composed(gradient, firstMoment, secondMoment, c);
  }
  const into = targetsOf(donors);
  const [update, m, v] = runCapability(op, [gradient, firstMoment, secondMoment], (g, m0, v0) =>
    kernel(g, m0, v0, c, into),
  );
  const backend = gradient.backend;
  const result = {
    update: adoptOutputOf(op, backend, update, out, donors[0]),
    firstMoment: adoptOutputOf(op, backend, m, out, donors[1]),
    secondMoment: adoptOutputOf(op, backend, v, out, donors[2]),
  };
  settleDonationsOutsideOps();
  return result;
}

/**
 * One Adam step applied to the parameters: `adamStep` and then param + update, in a single
 * pass over param, gradient and moments where the backend has the `applyAdamStep` kernel.
 * With `donate` on the parameters and moments (the training loop's case), the new values
 * are written into their buffers: nothing is allocated. Composes tensor ops otherwise.
 *
 * @example
 * ```ts
 * import { applyAdamStep, donate, tensor, zeros } from '@gradkit/tensor';
 *
 * let param = tensor([1, 2]);
 * let m = zeros([2]);
 * let v = zeros([2]);
 * const g = tensor([0.1, -0.2]);
 * const step = applyAdamStep(donate(param), g, donate(m), donate(v), {
 *   b1: 0.9,
 *   b2: 0.999,
 *   eps: 1e-8,
 *   count: 1,
 *   scale: -1e-3,
 * });
 * param = step.param; // [0.999, 2.001]
 * m = step.firstMoment;
 * v = step.secondMoment;
 * ```
 */
export function applyAdamStep(
  param: Tensor,
  gradient: Tensor,
  firstMoment: Tensor,
  secondMoment: Tensor,
  options: AdamStepOptions,
): AppliedAdamStep {
  const op = 'applyAdamStep';
  const c = checkStep(
    op,
    [
      ['param', param],
      ['gradient', gradient],
      ['firstMoment', firstMoment],
      ['secondMoment', secondMoment],
    ],
    options,
  );
  const kernel = gradient.backend.capabilities?.applyAdamStep;
  const out = { shape: gradient.shape, dtype: gradient.dtype };
  const donors = donorsFor(op, [param, firstMoment, secondMoment], out, kernel !== undefined);
  findDonor(op, [gradient], out, false);
  if (kernel === undefined || currentObserver() !== undefined) {
    return opScope(() => {
      const step = composed(gradient, firstMoment, secondMoment, c);
      return {
        param: add(param, step.update),
        firstMoment: step.firstMoment,
        secondMoment: step.secondMoment,
      };
    });
  }
  const into = targetsOf(donors);
  const [p, m, v] = runCapability(
    op,
    [param, gradient, firstMoment, secondMoment],
    (p0, g, m0, v0) => kernel(p0, g, m0, v0, c, into),
  );
  const backend = gradient.backend;
  const result = {
    param: adoptOutputOf(op, backend, p, out, donors[0]),
    firstMoment: adoptOutputOf(op, backend, m, out, donors[1]),
    secondMoment: adoptOutputOf(op, backend, v, out, donors[2]),
  };
  settleDonationsOutsideOps();
  return result;
}

/** Checks every tensor against the first (shape, dtype), the dtype, and the options. */
function checkStep(
  op: string,
  tensors: readonly (readonly [string, Tensor])[],
  options: AdamStepOptions,
): AdamStepCoefficients {
  for (const [name, t] of tensors) expectTensor(op, name, t);
  const [referenceName, reference] = tensors.find(([name]) => name === 'gradient')!;
  for (const [name, t] of tensors) {
    if (t === reference) continue;
    if (!shapesEqual(t.shape, reference.shape)) {
      throw new ShapeError(
        op,
        name,
        `has shape ${formatShape(t.shape)} but ${referenceName} has ${formatShape(reference.shape)}`,
      );
    }
    if (t.dtype !== reference.dtype)
      throw new DTypeError(
        op,
        name,
        `has dtype ${t.dtype} but ${referenceName} has ${reference.dtype}`,
      );
  }
  if (!isFloating(reference.dtype))
    throw new DTypeError(op, referenceName, `must be float32 or float64, got ${reference.dtype}`);
  return coefficients(op, options);
}

/**
 * The donated inputs whose buffers the outputs may take, one per output, each buffer at
 * most once (the same tensor passed twice is written once).
 */
function donorsFor(
  op: string,
  tensors: readonly Tensor[],
  out: OutputInfo,
  reusable: boolean,
): (Tensor | undefined)[] {
  const taken = new Set<object>();
  return tensors.map((t) => {
    const donor = findDonor(op, [t], out, reusable && currentObserver() === undefined);
    if (donor === undefined || taken.has(donor.buffer)) return undefined;
    taken.add(donor.buffer);
    return donor;
  });
}

function targetsOf(donors: readonly (Tensor | undefined)[]): AdamStepTargets | undefined {
  if (donors.every((d) => d === undefined)) return undefined;
  return [donors[0]?.buffer.dataId, donors[1]?.buffer.dataId, donors[2]?.buffer.dataId];
}

export { composed as composedAdamStep };
