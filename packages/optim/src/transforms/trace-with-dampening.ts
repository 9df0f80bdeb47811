import { add, mul, scope, zerosLike } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation, Params, Updates } from '../types.js';
import { finite, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves, mapParams } from './leaves.js';

export interface TraceWithDampeningOptions {
  /** PyTorch's SGD `dampening`; default 0 (then this equals `trace`). */
  readonly dampening?: number;
  readonly nesterov?: boolean;
}

export interface TraceWithDampeningState {
  readonly count: number;
  readonly trace: Updates;
}

/**
 * PyTorch's SGD momentum buffer: b ← g at the first step, then b ← μ·b + (1−dampening)·g;
 * u = b (or g + μ·b with `nesterov`). The first step is undamped, as in torch.optim.SGD,
 * which is why the state keeps a count.
 *
 * @example
 * ```ts
 * import { chain, scaleByLearningRate, traceWithDampening } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(traceWithDampening(0.9, { dampening: 0.1 }), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function traceWithDampening(
  momentum: number,
  options: TraceWithDampeningOptions = {},
): GradientTransformation<TraceWithDampeningState> {
  const name = 'traceWithDampening';
  // Any momentum >= 0 is allowed, as PyTorch allows it.
  const rate = nonNegative(name, 'momentum', momentum);
  const dampening = finite(name, 'dampening', options.dampening ?? 0);
  const nesterov = options.nesterov ?? false;
  return {
    init: (params: Params) =>
      deepFreeze({ count: 0, trace: mapParams(params, (p) => zerosLike(p)) }),
    update: (updates, state) =>
      scope(() => {
        checkState('traceWithDampening', state);
        const first = state.count === 0;
        const [out, next] = mapDenseLeaves(name, updates, [state.trace], (g, b0) => {
          const b = first ? mul(g, 1) : add(mul(b0!, rate), mul(g, 1 - dampening));
          return [nesterov ? add(g, mul(b, rate)) : b, b] as const;
        });
        return [out, deepFreeze({ count: state.count + 1, trace: next })] as const;
      }),
  };
}
