import { concat, dispose, mul, scope, slice, sub, type Tensor, tensor } from '@gradkit/tensor';
import { applyUpdates } from '../base.js';
import type { GradientTransformation, Params } from '../types.js';

// The two test problems of Optax's alias tests, with gradients written by hand in tensor ops
// (optim must not depend on autograd).

export interface Problem {
  readonly name: string;
  readonly initial: () => Params;
  readonly optimum: readonly number[];
  readonly gradient: (params: Params) => Params;
}

const weights = (p: Params) => (p as { w: Tensor }).w;

/** f(w) = Σ (w − target)², ∇f = 2(w − target). */
export const parabola: Problem = {
  name: 'parabola',
  initial: () => ({ w: tensor([-1, 1]) }),
  optimum: [1, -2],
  gradient: (p) => ({ w: mul(sub(weights(p), tensor([1, -2])), 2) }),
};

/** f(x, y) = (1 − x)² + 100(y − x²)², ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)). */
export const rosenbrock: Problem = {
  name: 'rosenbrock',
  initial: () => ({ w: tensor([0, 0]) }),
  optimum: [1, 1],
  gradient: (p) => {
    const w = weights(p);
    const x = slice(w, [0], [1]);
    const y = slice(w, [1], [1]);
    const gap = sub(y, mul(x, x));
    const gx = sub(mul(sub(1, x), -2), mul(mul(x, gap), 400));
    return { w: concat([gx, mul(gap, 200)]) };
  },
};

/** Runs `steps` updates, freeing everything but the current parameters and state. */
export function minimize(
  // biome-ignore lint/suspicious/noExplicitAny: any transform.
  optimizer: GradientTransformation<any>,
  problem: Problem,
  steps: number,
): number[] {
  let params = problem.initial();
  let state = optimizer.init(params);
  for (let i = 0; i < steps; i++) {
    const [nextParams, nextState] = scope(() => {
      const [updates, s] = optimizer.update(problem.gradient(params), state, params);
      return [applyUpdates(params, updates), s] as const;
    });
    dispose(params);
    dispose(state);
    params = nextParams;
    state = nextState;
  }
  const result = Array.from(weights(params).dataSync());
  dispose(params);
  dispose(state);
  return result;
}
