import {
  donate,
  type ElementwiseExpression as E,
  fusedElementwiseOutputs,
  scope,
  type Tensor,
  zerosLike,
} from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import { adamFamilyLeaf } from '../sparse/adam-family-leaf.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { adamDirectionOf, firstMomentHatOf, movingAverageOf } from './adam-formulas.js';
import { type AdamFamilyOptions, resolveAdamOptions } from './adam-options.js';
import { input, larger, over, plus, root, times } from './expression.js';
import { deepFreeze, mapLeaves, mapParams } from './leaves.js';
import { advanceCount, initialCount } from './step-count.js';

export interface ScaleByAmsgradOptions extends AdamFamilyOptions {
  /**
   * 'documented' (default; PyTorch's and MindSpore's docs, Optax): the running maximum is
   * over bias-corrected v̂. 'pytorch' (PyTorch's implementation, 1.11 to 2.x): the maximum
   * is over raw v and the denominator is √vmax/√(1−b2ᵗ) + eps.
   */
  readonly variant?: 'documented' | 'pytorch';
}

export interface ScaleByAmsgradState {
  /** Updates so far, a float32 scalar tensor (see `ScaleByAdamState`). */
  readonly count: Tensor;
  readonly mu: Updates;
  readonly nu: Updates;
  readonly nuMax: Updates;
}

/**
 * AMSGrad (Reddi et al. 2018): m and v as Adam, then
 * documented: v̂max ← max(v̂max, v/(1−b2ᵗ)), u = m̂ / (√(v̂max + epsRoot) + eps);
 * pytorch: vmax ← max(vmax, v), u = m̂ / (√(vmax + epsRoot)/√(1−b2ᵗ) + eps).
 * Accepts RowSparse gradients (see `lazy`).
 *
 * @example
 * ```ts
 * import { chain, scaleByAmsgrad, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(scaleByAmsgrad(), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function scaleByAmsgrad(
  options: ScaleByAmsgradOptions = {},
): GradientTransformation<ScaleByAmsgradState> {
  const { b1, b2, eps, epsRoot, lazy } = resolveAdamOptions('scaleByAmsgrad', options);
  const variant = options.variant ?? 'documented';
  if (variant !== 'documented' && variant !== 'pytorch') {
    throw new TypeError(
      `scaleByAmsgrad: argument 'variant' must be 'documented' or 'pytorch', got ${String(variant)}`,
    );
  }
  // One pass per leaf over [g, m, v, vmax, 1−b1ᵗ, 1−b2ᵗ ('pytorch': √(1−b2ᵗ))]:
  // [the update, m', v', vmax'].
  const [G, M, V, MAX, C1, C2] = [0, 1, 2, 3, 4, 5].map(input) as E[];
  const m = movingAverageOf(M!, G!, b1);
  const v = movingAverageOf(V!, times(G!, G!), b2);
  const mHat = firstMomentHatOf(m, G!, b1, C1!);
  const vMax = variant === 'documented' ? larger(MAX!, over(v, C2!)) : larger(MAX!, v);
  const update =
    variant === 'documented'
      ? adamDirectionOf(mHat, vMax, eps, epsRoot)
      : over(mHat, plus(over(root(plus(vMax, epsRoot)), C2!), eps));
  const pass = [update, m, v, vMax];
  const specs = [{ base: b1 }, { base: b2, root: variant === 'pytorch' }];
  return {
    init: (params: Params) =>
      deepFreeze({
        count: initialCount(),
        mu: mapParams(params, (p) => zerosLike(p)),
        nu: mapParams(params, (p) => zerosLike(p)),
        nuMax: mapParams(params, (p) => zerosLike(p)),
      }),
    update: (updates, state, _params, extra) =>
      scope(() => {
        checkState('scaleByAmsgrad', state);
        const donated = extra?.donate === true;
        const give = donated ? (t: Tensor) => donate(t) : (t: Tensor) => t;
        const count = advanceCount('scaleByAmsgrad', state.count, specs, donated);
        const step = (g: Tensor, [m0, v0, max0]: readonly Tensor[]) => {
          const [update, m, v, vMax] = fusedElementwiseOutputs(
            pass,
            [g, give(m0!), give(v0!), give(max0!), ...count.corrections(g)],
            { into: [undefined, 1, 2, 3] },
          );
          return [update!, m!, v!, vMax!] as const;
        };
        const [out, mu, nu, nuMax] = mapLeaves(
          'scaleByAmsgrad',
          updates,
          [state.mu, state.nu, state.nuMax],
          (g, m, v, vMax) => adamFamilyLeaf(g, [m, v, vMax], lazy, step),
        );
        return [out, deepFreeze({ count: count.next() as Tensor, mu, nu, nuMax })] as const;
      }),
  };
}
