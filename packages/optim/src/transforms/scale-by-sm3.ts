import {
  add,
  greater,
  max,
  minimum,
  mul,
  reshape,
  rsqrt,
  ShapeError,
  scope,
  type Tensor,
  tree,
  where,
  zeros,
  zerosLike,
} from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { decayRate, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';
import { updateMoment } from './moments.js';

export interface ScaleBySm3Options {
  /** Decay of the moving average of the preconditioned gradients; default 0.9. */
  readonly b1?: number;
  /** Decay of the accumulator, in [0, 1]; default 1 (a plain sum, as SM3 is written). */
  readonly b2?: number;
  /** Added under the square root; default 1e-8. */
  readonly eps?: number;
}

export interface ScaleBySm3State {
  /**
   * Per parameter (in the order of the parameters' leaves), one accumulator vector per
   * dimension: its cover of the squared gradients.
   */
  readonly mu: readonly (readonly Tensor[])[];
  /** Moving average of the preconditioned gradients. */
  readonly nu: Updates;
}

/** The shape with every dimension 1 but `axis`. */
function alongAxis(shape: readonly number[], axis: number): number[] {
  return shape.map((size, i) => (i === axis ? size : 1));
}

/**
 * SM3's rescaling (Anil et al. 2019, Optax's `scale_by_sm3`): the squared-gradient sum of
 * each entry is bounded by the minimum over its dimensions of a per-row (per-column, ...)
 * accumulator, so the state grows with the sum of the dimensions, not their product:
 *
 *   a = c·g² + b2·minᵢ μᵢ (c = 1 − b2, or 1 when b2 = 1),  μᵢ ← max of a over the other axes
 *   u = g/√(a + eps) where a > 0 (else 0),  ν ← b1·ν + (1−b1)·u, and ν is the update.
 *
 * A vector's single accumulator is the whole `a`; a scalar counts as a vector of one.
 *
 * @example
 * ```ts
 * import { scaleBySm3 } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([[1, 2], [3, 4]]) };
 * const transform = scaleBySm3({ b1: 0.9 });
 * const [direction] = transform.update({ w: tensor([[0.1, -0.1], [0.2, 0]]) }, transform.init(params));
 * ```
 */
export function scaleBySm3(
  options: ScaleBySm3Options = {},
): GradientTransformation<ScaleBySm3State> {
  const name = 'scaleBySm3';
  const b1 = decayRate(name, 'b1', options.b1 ?? 0.9);
  const b2 = options.b2 ?? 1;
  if (b2 !== 1) decayRate(name, 'b2', b2);
  const eps = nonNegative(name, 'eps', options.eps ?? 1e-8);
  const fresh = b2 === 1 ? 1 : 1 - b2;
  return {
    init: (params: Params) =>
      deepFreeze({
        mu: tree
          .leaves(params, { isLeaf: isGradientLeaf })
          .map((p) =>
            (p as Tensor).rank < 2
              ? [zeros([(p as Tensor).size])]
              : (p as Tensor).shape.map((size) => zeros([size])),
          ),
        nu: mapParams(params, zerosLike),
      }),
    update: (updates, state) =>
      scope(() => {
        let index = 0;
        const mu: Tensor[][] = [];
        const [out] = mapDenseLeaves(name, updates, [state.nu], (g) => {
          const vectors = state.mu[index++];
          const vectorRank = g.rank < 2 ? 1 : g.rank;
          if (
            vectors === undefined ||
            vectors.length !== vectorRank ||
            vectors.some((v, i) => v.size !== (g.rank < 2 ? g.size : g.shape[i]))
          ) {
            throw new ShapeError(
              name,
              'state',
              'does not match the updates (was the state made by init on these parameters?)',
            );
          }
          const squares = mul(g, g);
          let accumulated: Tensor;
          let next: Tensor[];
          if (g.rank < 2) {
            accumulated = add(mul(squares, fresh), mul(reshape(vectors[0]!, g.shape), b2));
            next = [reshape(accumulated, [g.size])];
          } else {
            const cover = vectors
              .map((v, i) => reshape(v, alongAxis(g.shape, i)))
              .reduce((a, b) => minimum(a, b));
            accumulated = add(mul(squares, fresh), mul(cover, b2));
            next = g.shape.map((_, i) =>
              max(
                accumulated,
                g.shape.map((__, j) => j).filter((j) => j !== i),
              ),
            );
          }
          mu.push(next);
          return [mul(g, where(greater(accumulated, 0), rsqrt(add(accumulated, eps)), 0))] as const;
        });
        if (index !== state.mu.length) {
          throw new ShapeError(name, 'state', 'does not match the updates');
        }
        const [nu] = mapDenseLeaves(name, out, [state.nu], (u, nu0) => [updateMoment(nu0!, u, b1)]);
        return [nu, deepFreeze({ mu, nu })] as const;
      }),
  };
}
