import { add, mul, scalar, scope, sum, Tensor, tree } from '@gradkit/tensor';
import type { Gradient } from './gradient-types.js';
import { matchLeaves } from './outputs.js';
import { grad } from './value-and-grad.js';

/**
 * The direction must have the structure of x and, at every float leaf, its shape: a
 * wrong-shaped one would otherwise broadcast inside the dot product or fail deep inside.
 */
function checkDirection(x: unknown, v: unknown): void {
  const [leaves, treedef] = tree.flatten(x);
  if (!leaves.every((leaf) => leaf instanceof Tensor)) return; // grad reports bad inputs
  matchLeaves('hvp', 'v', v, leaves as Tensor[], treedef);
}

/** sum over leaves of sum(a * b); null leaves (integer arguments) are skipped. */
function treeDot(a: unknown, b: unknown): Tensor {
  const left = tree.leaves(a) as (Tensor | null)[];
  const right = tree.leaves(b) as Tensor[];
  let total: Tensor | undefined;
  left.forEach((leaf, i) => {
    if (leaf === null) return;
    const term = sum(mul(leaf, right[i]!));
    total = total === undefined ? term : add(total, term);
  });
  return total ?? scalar(0);
}

/**
 * The Hessian of the scalar function f at `x` times `v` (a tree shaped like x), computed
 * as the gradient of `<grad f(x), v>` (reverse over reverse), without forming the Hessian.
 *
 * @example
 * ```ts
 * import { hvp } from '@gradkit/autograd';
 * import { mul, sum, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2]);
 * const v = tensor([1, 1]);
 * hvp((x: Tensor) => sum(mul(mul(x, x), x)), x, v).toArray(); // 6 * x * v = [6, 12]
 * ```
 */
export function hvp<T>(f: (x: T) => Tensor, x: T, v: T): Gradient<T> {
  checkDirection(x, v);
  return scope(() => {
    const directional = (point: T) => treeDot(grad(f)(point), v);
    return grad(directional)(x);
  }) as Gradient<T>;
}
