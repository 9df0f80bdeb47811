import { add, div, fullLike, mul, scope, sign, sqrt, sub } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params } from '../types.js';
import { nonNegative } from '../validate.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { updateMoment } from './moments.js';
import type { MomentsState } from './moments-state.js';

export interface ScaleByYogiOptions extends Omit<AdamFamilyOptions, 'lazy'> {
  /** Starting value of both moments; default 1e-6. */
  readonly initialAccumulatorValue?: number;
}

/**
 * Yogi (Zaheer et al. 2018), as Optax: m ← b1·m + (1−b1)·g,
 * v ← v − (1−b2)·sign(v − g²)·g², u = m̂ / (√(v̂ + epsRoot) + eps). Default eps 1e-3.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, scaleByYogi } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByYogi(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByYogi(
  options: ScaleByYogiOptions = {},
): GradientTransformation<MomentsState> {
  const name = 'scaleByYogi';
  const { b1, b2, eps, epsRoot } = resolveAdamOptions(name, options, { eps: 1e-3 });
  const initial = nonNegative(
    name,
    'initialAccumulatorValue',
    options.initialAccumulatorValue ?? 1e-6,
  );
  return {
    init: (params: Params) =>
      deepFreeze({
        count: 0,
        mu: mapParams(params, (p) => fullLike(p, initial)),
        nu: mapParams(params, (p) => fullLike(p, initial)),
      }),
    update: (updates, state) =>
      scope(() => {
        checkState('scaleByYogi', state);
        const count = state.count + 1;
        const [out, mu, nu] = mapDenseLeaves(name, updates, [state.mu, state.nu], (g, m0, v0) => {
          const m = updateMoment(m0!, g, b1);
          const g2 = mul(g, g);
          const v = sub(v0!, mul(mul(sign(sub(v0!, g2)), g2), 1 - b2));
          const mHat = div(m, 1 - b1 ** count);
          const vHat = div(v, 1 - b2 ** count);
          return [div(mHat, add(sqrt(add(vHat, epsRoot)), eps)), m, v] as const;
        });
        return [out, deepFreeze({ count, mu, nu })] as const;
      }),
  };
}
