import {
  DTypeError,
  isFloating,
  reshape,
  scope,
  stack,
  Tensor,
  tensor,
  ValueError,
} from '@gradkit/tensor';
import { type Argnums, selectArguments } from './arguments.js';
import type { Gradients } from './gradient-types.js';
import { trace } from './trace.js';
import { checkFunction } from './value-and-grad.js';

/** A one-hot cotangent: 1 at flat position `index` of an output of `shape`. */
function basisVector(out: Tensor, index: number): Tensor {
  const values = new Float64Array(out.size);
  values[index] = 1;
  return tensor(values, out.shape, out.dtype);
}

/**
 * Returns a function computing the Jacobian of f (which returns one floating-point tensor)
 * with respect to the argument(s) named by `argnums` (default 0), in reverse mode: one
 * backward pass per output element. Each leaf's Jacobian has shape
 * `[...out.shape, ...leaf.shape]`.
 *
 * @example
 * ```ts
 * import { jacobian } from '@gradkit/autograd';
 * import { mul, type Tensor, tensor } from '@gradkit/tensor';
 *
 * jacobian((x: Tensor) => mul(x, x))(tensor([1, 2])).toArray(); // [[2, 0], [0, 4]]
 * ```
 */
export function jacobian<Args extends unknown[], const N extends Argnums = 0>(
  f: (...args: Args) => Tensor,
  options: { readonly argnums?: N } = {},
): (...args: Args) => Gradients<Args, N> {
  const op = 'jacobian';
  checkFunction(op, f);
  return (...args: Args) =>
    scope(() => {
      const selection = selectArguments(op, args, options.argnums ?? 0);
      const { result, tape, leaves } = trace(op, selection.leaves, (inputs) =>
        f(...(selection.rebuild(inputs) as Args)),
      );
      try {
        if (!(result instanceof Tensor)) {
          throw new ValueError(op, 'f', `must return a tensor, got ${typeof result}`);
        }
        if (!isFloating(result.dtype)) {
          throw new DTypeError(op, 'f', `must return a floating-point tensor, got ${result.dtype}`);
        }
        const rows: (Tensor | null)[][] = [];
        for (let i = 0; i < result.size; i++) {
          rows.push(tape.pullback([[result, basisVector(result, i)]], leaves));
        }
        const perLeaf = selection.leaves.map((leaf, j) => {
          if (leaves[j] === null) return null;
          const column = rows.map((row) => row[j]!);
          const stacked =
            column.length === 0
              ? tensor(new Float64Array(0), [0, ...leaf.shape], leaf.dtype)
              : stack(column);
          return reshape(stacked, [...result.shape, ...leaf.shape]);
        });
        return selection.assemble(perLeaf);
      } finally {
        tape.dispose();
      }
    }) as Gradients<Args, N>;
}
