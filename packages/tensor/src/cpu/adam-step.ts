import type { AdamStepCoefficients, AdamStepTargets, DataId, TensorInfo } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import { type CpuData, valuesOf, wrapValues } from './cpu-data.js';
import { takeOutput } from './output-pool.js';

/** The output array `k`: a donated input's when offered, a pooled one otherwise. */
function target(into: AdamStepTargets | undefined, k: number, like: TensorInfo, size: number) {
  const donated = into?.[k];
  return donated === undefined ? takeOutput(like.dtype, size) : (donated as CpuData).values;
}

function result(into: AdamStepTargets | undefined, k: number, values: TypedArray): DataId {
  return into?.[k] ?? wrapValues(values);
}

/**
 * Adam in one pass over the arrays: the fused form of `adamStep`'s composed reference.
 * With `param`, the first output is param + update, so the parameters change in that pass
 * too. Outputs may be the inputs' own arrays (donated): element i is read before it is written.
 */
function adamPass(
  param: TensorInfo | undefined,
  gradient: TensorInfo,
  firstMoment: TensorInfo,
  secondMoment: TensorInfo,
  c: AdamStepCoefficients,
  into: AdamStepTargets | undefined,
): readonly [DataId, DataId, DataId] {
  const g = valuesOf(gradient);
  const m = valuesOf(firstMoment);
  const v = valuesOf(secondMoment);
  const p = param === undefined ? undefined : valuesOf(param);
  const size = g.length;
  const first = target(into, 0, gradient, size);
  const mOut = target(into, 1, gradient, size);
  const vOut = target(into, 2, gradient, size);
  const { b1, b2, eps, epsRoot, biasCorrection1, biasCorrection2, nesterovCorrection, scale } = c;
  const oneMinusB1 = 1 - b1;
  const oneMinusB2 = 1 - b2;
  if (p !== undefined && nesterovCorrection === undefined) {
    // The training loop's case, kept free of branches, with one division per element: the
    // bias corrections are multiplied in (a rounding apart from the composed reference).
    const stepScale = scale / biasCorrection1;
    const inverseCorrection2 = 1 / biasCorrection2;
    for (let i = 0; i < size; i++) {
      const gi = g[i]!;
      const mi = b1 * m[i]! + oneMinusB1 * gi;
      const vi = b2 * v[i]! + oneMinusB2 * gi * gi;
      mOut[i] = mi;
      vOut[i] = vi;
      first[i] = p[i]! + (stepScale * mi) / (Math.sqrt(vi * inverseCorrection2 + epsRoot) + eps);
    }
  } else {
    for (let i = 0; i < size; i++) {
      const gi = g[i]!;
      const mi = b1 * m[i]! + oneMinusB1 * gi;
      const vi = b2 * v[i]! + oneMinusB2 * gi * gi;
      const mHat =
        nesterovCorrection === undefined
          ? mi / biasCorrection1
          : (b1 * mi) / nesterovCorrection + (oneMinusB1 * gi) / biasCorrection1;
      const update = (scale * mHat) / (Math.sqrt(vi / biasCorrection2 + epsRoot) + eps);
      const base = p === undefined ? 0 : p[i]!;
      mOut[i] = mi;
      vOut[i] = vi;
      first[i] = p === undefined ? update : base + update;
    }
  }
  return [result(into, 0, first), result(into, 1, mOut), result(into, 2, vOut)];
}

/** (gradient, m, v) -> (update, m', v') in one pass. */
export function cpuAdamStep(
  gradient: TensorInfo,
  firstMoment: TensorInfo,
  secondMoment: TensorInfo,
  c: AdamStepCoefficients,
  into?: AdamStepTargets,
): readonly [DataId, DataId, DataId] {
  return adamPass(undefined, gradient, firstMoment, secondMoment, c, into);
}

/** (param, gradient, m, v) -> (param + update, m', v') in one pass. */
export function cpuApplyAdamStep(
  param: TensorInfo,
  gradient: TensorInfo,
  firstMoment: TensorInfo,
  secondMoment: TensorInfo,
  c: AdamStepCoefficients,
  into?: AdamStepTargets,
): readonly [DataId, DataId, DataId] {
  return adamPass(param, gradient, firstMoment, secondMoment, c, into);
}
