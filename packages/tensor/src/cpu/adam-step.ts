import type { AdamStepCoefficients, DataId, TensorInfo } from '../backend.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { takeOutput } from './output-pool.js';

/** Adam in one pass over the arrays: the fused form of `adamStep`'s composed reference. */
export function cpuAdamStep(
  gradient: TensorInfo,
  firstMoment: TensorInfo,
  secondMoment: TensorInfo,
  c: AdamStepCoefficients,
): readonly [DataId, DataId, DataId] {
  const g = valuesOf(gradient);
  const m = valuesOf(firstMoment);
  const v = valuesOf(secondMoment);
  const size = g.length;
  const update = takeOutput(gradient.dtype, size);
  const mOut = takeOutput(gradient.dtype, size);
  const vOut = takeOutput(gradient.dtype, size);
  const { b1, b2, eps, epsRoot, biasCorrection1, biasCorrection2, nesterovCorrection, scale } = c;
  const oneMinusB1 = 1 - b1;
  const oneMinusB2 = 1 - b2;
  for (let i = 0; i < size; i++) {
    const gi = g[i]!;
    const mi = b1 * m[i]! + oneMinusB1 * gi;
    const vi = b2 * v[i]! + oneMinusB2 * gi * gi;
    mOut[i] = mi;
    vOut[i] = vi;
    const mHat =
      nesterovCorrection === undefined
        ? mi / biasCorrection1
        : (b1 * mi) / nesterovCorrection + (oneMinusB1 * gi) / biasCorrection1;
    update[i] = (scale * mHat) / (Math.sqrt(vi / biasCorrection2 + epsRoot) + eps);
  }
  return [wrapValues(update), wrapValues(mOut), wrapValues(vOut)];
}
