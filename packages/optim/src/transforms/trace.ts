import { add, mul, scope, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface TraceOptions {
  /** Nesterov momentum: u = g + decay·trace; default false. */
  readonly nesterov?: boolean;
}

export interface TraceState {
  readonly trace: Updates;
}

/**
 * Momentum (Polyak; Sutskever et al. 2013), as Optax's `trace`: trace ← g + decay·trace,
 * u = trace (or g + decay·trace with `nesterov`). Equal to PyTorch's SGD momentum without
 * dampening. `decay` may also be given in the options: `trace({ decay, nesterov })`.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, trace } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(trace(0.9), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function trace(
  decay: number | (TraceOptions & { readonly decay: number }),
  options: TraceOptions = {},
): GradientTransformation<TraceState> {
  const name = 'trace';
  const merged = typeof decay === 'object' ? { ...options, ...decay } : { ...options, decay };
  // Any momentum >= 0 is allowed, as PyTorch and MindSpore allow it.
  const rate = nonNegative(name, 'decay', merged.decay);
  const nesterov = merged.nesterov ?? false;
  return {
    init: (params: Params) => deepFreeze({ trace: mapParams(params, (p) => zerosLike(p)) }),
    update: (updates, state) =>
      scope(() => {
        checkState('trace', state);
        const [out, next] = mapDenseLeaves(name, updates, [state.trace], (g, t0) => {
          const t = add(g, mul(t0!, rate));
          return [nesterov ? add(g, mul(t, rate)) : t, t] as const;
        });
        return [out, deepFreeze({ trace: next })] as const;
      }),
  };
}
