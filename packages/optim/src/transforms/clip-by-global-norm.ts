import {
  add,
  div,
  less,
  mul,
  scalar,
  scope,
  sqrt,
  sum,
  type Tensor,
  tree,
  where,
} from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import type { RowSparse } from '../row-sparse.js';
import type { EmptyState, GradientTransformation, Updates } from '../types.js';
import { nonNegative } from '../validate.js';
import { mapDenseLeaves, rejectSparse } from './leaves.js';

const EMPTY: EmptyState = Object.freeze({});

/**
 * √(Σ‖u‖²) over every leaf of the tree, as a scalar tensor.
 *
 * @example
 * ```ts
 * import { globalNorm } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * globalNorm('myTransform', { a: tensor([3]), b: tensor([4]) }).item(); // 5
 * ```
 */
export function globalNorm(transform: string, updates: Updates): Tensor {
  const leaves = (
    tree.leaves(updates as unknown, { isLeaf: isGradientLeaf }) as (Tensor | RowSparse)[]
  ).map((u) => rejectSparse(transform, u));
  let squares: Tensor = scalar(0, leaves[0]?.dtype === 'float64' ? 'float64' : 'float32');
  for (const u of leaves) squares = add(squares, sum(mul(u, u)));
  return sqrt(squares);
}

/**
 * Clips the whole update tree to a global L2 norm (Pascanu et al. 2013):
 * n = √(Σ‖u‖²) over all leaves; u ← u when n < maxNorm, else u·maxNorm/n. Computed on
 * the device, without reading n back.
 *
 * @example
 * ```ts
 * import { chain, clipByGlobalNorm, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(clipByGlobalNorm(1), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  const name = 'clipByGlobalNorm';
  nonNegative(name, 'maxNorm', maxNorm);
  return {
    init: () => EMPTY,
    update: (updates) =>
      scope(() => {
        const norm = globalNorm(name, updates);
        const factor = where(less(norm, maxNorm), 1, div(maxNorm, norm));
        const [out] = mapDenseLeaves(name, updates, [], (u) => [mul(u, factor)] as const);
        return [out, EMPTY] as const;
      }),
  };
}
