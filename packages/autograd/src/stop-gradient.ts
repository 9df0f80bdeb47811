import { reshape, Tensor, tree } from '@gradkit/tensor';
import { activeTapes, copyOf, withTapes } from './trace.js';

/**
 * The same values with no gradient: differentiation treats the result as a constant. Works
 * on a tensor or a tree of tensors (other leaves pass through).
 *
 * @example
 * ```ts
 * import { grad, stopGradient } from '@gradkit/autograd';
 * import { add, round, sub, sum, type Tensor, tensor } from '@gradkit/tensor';
 *
 * // A straight-through estimator: round forward, identity backward.
 * const roundSte = (x: Tensor) => add(x, stopGradient(sub(round(x), x)));
 * grad((x: Tensor) => sum(roundSte(x)))(tensor([0.3, 1.7])).toArray(); // [1, 1]
 * ```
 */
export function stopGradient<T>(x: T): T {
  return tree.map((leaf: unknown) => (leaf instanceof Tensor ? detach(leaf) : leaf), x) as T;
}

function detach(x: Tensor): Tensor {
  // Outside any differentiation a new handle suffices; inside, a copy that no tape records
  // (a handle on the same buffer would still be connected).
  if (activeTapes().length === 0) return reshape(x, x.shape);
  return withTapes([], () => copyOf(x));
}
