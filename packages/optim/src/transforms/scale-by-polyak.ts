import { mul, scope, sum, type Tensor, tree, ValueError } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import type { EmptyState, GradientTransformation } from '../types.js';
import { finite, nonNegative } from '../validate.js';
import { mapDenseLeaves } from './leaves.js';

// Optax compares with the machine epsilon of its default float, float32.
const FLOAT32_EPSILON = 2 ** -23;

export interface ScaleByPolyakOptions {
  /** A lower bound of the objective (f*); default 0. */
  readonly fMin?: number;
  /** The largest step size; default 1. */
  readonly maxLearningRate?: number;
  /** Added to the squared gradient norm; default 0. */
  readonly eps?: number;
  /** 'sps' (the default) or 'sps+', which clips a negative gap f − f* to 0. */
  readonly variant?: 'sps' | 'sps+';
}

/**
 * Scales the updates by Polyak's step size (Loizou et al. 2021, Optax's `scale_by_polyak`):
 * step = min((f − f*)/(‖g‖² + eps), maxLearningRate), 0 when ‖g‖² + eps is at most float32's
 * machine epsilon. `update` needs the loss of the step: `update(g, state, params, { value })`.
 *
 * @example
 * ```ts
 * import { scaleByPolyak } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const transform = scaleByPolyak({ fMin: 0 });
 * const loss = 5; // Σ w²
 * const [step] = transform.update({ w: tensor([2, 4]) }, transform.init(params), params, { value: loss });
 * ```
 */
export function scaleByPolyak(
  options: ScaleByPolyakOptions = {},
): GradientTransformation<EmptyState> {
  const name = 'scaleByPolyak';
  const fMin = finite(name, 'fMin', options.fMin ?? 0);
  const maxLearningRate = nonNegative(name, 'maxLearningRate', options.maxLearningRate ?? 1);
  const eps = nonNegative(name, 'eps', options.eps ?? 0);
  const variant = options.variant ?? 'sps';
  if (variant !== 'sps' && variant !== 'sps+') {
    throw new ValueError(name, 'variant', `must be 'sps' or 'sps+', got ${String(variant)}`);
  }
  return {
    init: () => Object.freeze({}) as EmptyState,
    update: (updates, state, _params, extra) =>
      scope(() => {
        const value = extra?.value;
        if (value === undefined) {
          throw new ValueError(
            name,
            'value',
            'must be passed to update as { value: loss }: the step size depends on the loss',
          );
        }
        const loss = typeof value === 'number' ? value : Number(value.item());
        const leaves = tree.leaves(updates, { isLeaf: isGradientLeaf }) as Tensor[];
        let norm = 0;
        for (const leaf of leaves) norm += Number(sum(mul(leaf, leaf)).item());
        const gap = variant === 'sps+' ? Math.max(loss - fMin, 0) : loss - fMin;
        const step =
          norm + eps <= FLOAT32_EPSILON ? 0 : Math.min(gap / (norm + eps), maxLearningRate);
        const [out] = mapDenseLeaves(name, updates, [], (g) => [mul(g, step)] as const);
        return [out, state] as const;
      }),
  };
}
