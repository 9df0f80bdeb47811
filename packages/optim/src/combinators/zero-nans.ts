import { isNaN as nanMask, scope, tree, where } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import type { Updates } from '../types.js';
import type { GradientTransformationExtraArgs } from './extra-args.js';
import { countPerLeaf, mapValues } from './tree-helpers.js';

export interface ZeroNansState {
  /** Per parameter (in the parameters' structure): whether its last gradient held a NaN. */
  readonly foundNan: unknown;
}

/**
 * Replaces NaN gradients by 0 (Optax's `zero_nans`); ±Infinity passes through. The state
 * records, per parameter, whether the last gradient held a NaN.
 *
 * @example
 * ```ts
 * import { adam, chain, zeroNans } from '@gradkit/optim';
 *
 * const optimizer = chain(zeroNans(), adam(1e-3)); // NaN gradient entries become 0
 * ```
 */
export function zeroNans(): GradientTransformationExtraArgs<ZeroNansState> {
  const noNans = (value: unknown) =>
    Object.freeze({
      foundNan: tree.map({ isLeaf: isGradientLeaf }, () => false, value),
    });
  return {
    init: (params) => noNans(params),
    update: (updates) =>
      scope(() => {
        const counts = countPerLeaf(updates, (values) => nanMask(values));
        const [, def] = tree.flatten(updates, { isLeaf: isGradientLeaf });
        const foundNan = tree.unflatten(
          def,
          counts.map((count) => count > 0),
        );
        const next: Updates = mapValues(updates, (values) => where(nanMask(values), 0, values));
        return [next, Object.freeze({ foundNan })] as const;
      }),
  };
}
