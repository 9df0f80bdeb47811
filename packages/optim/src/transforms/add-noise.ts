import { add, isFloating, mul, RandomKey, random, scope, type Tensor } from '@gradkit/tensor';
import { checkState } from '../check-inputs.js';
import type { GradientTransformation } from '../types.js';
import { finite, nonNegative } from '../validate.js';
import { deepFreeze, mapDenseLeaves } from './leaves.js';

export interface AddNoiseState {
  readonly count: number;
  /** The words of the next RandomKey, kept as plain numbers so the state stays plain data. */
  readonly key: readonly [number, number];
}

/**
 * Gradient noise (Neelakantan et al. 2015): u ← u + σₜ·z with z ~ N(0, 1) and
 * σₜ = √(eta / tᵞ), t counting from 1. One fresh key per leaf per step, split from the key
 * in the state, so the noise is a pure function of the seed and the step.
 *
 * @example
 * ```ts
 * import { addNoise, chain, scaleByLearningRate } from '@gradkit/optim';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = { w: tensor([1, 2]) };
 * const optimizer = chain(addNoise(0.01, 0.55, 0), scaleByLearningRate(0.01));
 * const [updates] = optimizer.update({ w: tensor([0.1, -0.1]) }, optimizer.init(params), params);
 * ```
 */
export function addNoise(
  eta: number,
  gamma: number,
  seed: number,
): GradientTransformation<AddNoiseState> {
  const name = 'addNoise';
  nonNegative(name, 'eta', eta);
  finite(name, 'gamma', gamma);
  const start = random.key(seed).data;
  return {
    init: () => deepFreeze({ count: 0, key: [start[0], start[1]] as const }),
    update: (updates, state) =>
      scope(() => {
        checkState('addNoise', state);
        const count = state.count + 1;
        const std = Math.sqrt(eta / count ** gamma);
        const [carry, ...keys] = random.split(new RandomKey(state.key), 1 + countLeaves(updates));
        let next = 0;
        const [out] = mapDenseLeaves(name, updates, [], (u: Tensor) => {
          const key = keys[next++]!;
          const dtype = u.dtype === 'float64' ? 'float64' : 'float32';
          if (!isFloating(u.dtype)) return [u] as const;
          return [add(u, mul(random.normal(key, u.shape, { dtype }), std))] as const;
        });
        return [
          out,
          deepFreeze({ count, key: [carry!.data[0], carry!.data[1]] as const }),
        ] as const;
      }),
  };
}

function countLeaves(updates: unknown): number {
  let n = 0;
  mapDenseLeaves('addNoise', updates as never, [], (u) => {
    n++;
    return [u] as const;
  });
  return n;
}
