import { tree } from '@gradkit/tensor';
import { isGradientLeaf } from '../base.js';
import { checkState, checkTransform } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { deepFreeze } from './leaves.js';
import { type Mask, resolveMask, selectLeaves } from './mask.js';

export interface MaskedState<S> {
  readonly inner: S;
}

/**
 * Applies `inner` only to the leaves the mask selects; the others pass through unchanged.
 * The inner transform sees trees of the parameters' structure with `null` at the masked-out
 * leaves (which tree functions skip), so its state holds nothing for them.
 * `masked(addDecayedWeights({ weightDecay }), (path) => !/beta|gamma/.test(path))`.
 *
 * @example
 * ```ts
 * import { addScaledParams, chain, masked, sgd } from '@gradkit/optim';
 *
 * // decay the weights but not the biases
 * const optimizer = chain(
 *   masked(addScaledParams(1e-4), { dense: { weight: true, bias: false } }),
 *   sgd(0.1),
 * );
 * ```
 */
export function masked<S>(
  inner: GradientTransformation<S>,
  mask: Mask,
): GradientTransformation<MaskedState<S>> {
  const name = 'masked';
  checkTransform(name, 'inner', inner);
  return {
    init: (params: Params) => {
      const flags = resolveMask(name, mask, params);
      return deepFreeze({ inner: inner.init(selectLeaves(params, flags) as Params) });
    },
    update: (updates, state, params) => {
      checkState(name, state);
      const flags = resolveMask(name, mask, updates, params);
      const [innerUpdates, innerState] = inner.update(
        selectLeaves(updates, flags),
        state.inner,
        params === undefined ? undefined : (selectLeaves(params, flags) as Params),
      );
      const merged = tree.map(
        { isLeaf: isGradientLeaf },
        (original: unknown, flag: unknown, changed: unknown) =>
          flag === true ? changed : original,
        updates,
        flags,
        fillNulls(innerUpdates, updates),
      );
      return [merged as Updates, deepFreeze({ inner: innerState })] as const;
    },
  };
}

// tree.map needs the same structure in every tree; the inner result has nulls where the
// original has leaves, so put the original leaves back there first.
function fillNulls(withNulls: unknown, original: unknown): unknown {
  if (withNulls === null || withNulls === undefined) return original;
  if (Array.isArray(withNulls)) {
    return withNulls.map((item, i) => fillNulls(item, (original as unknown[])[i]));
  }
  if (typeof withNulls === 'object' && Object.getPrototypeOf(withNulls) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(withNulls).map(([k, v]) => [
        k,
        fillNulls(v, (original as Record<string, unknown>)[k]),
      ]),
    );
  }
  return withNulls;
}
