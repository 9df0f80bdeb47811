import { scope, type Tensor, tree, ValueError, zeros } from '@gradkit/tensor';
import { allArguments, selectArguments } from './arguments.js';
import { flattenOutput, matchLeaves } from './outputs.js';
import { trace } from './trace.js';
import { checkFunction } from './value-and-grad.js';

/**
 * Forward-mode product: evaluates f at `primals` and returns `[out, tangentOut]`, the
 * derivative of f at `primals` in the direction `tangents` (one tree per primal, shaped
 * like it). Integer outputs get a `null` tangent.
 *
 * Computed with the double-vjp trick, so it needs no second rule table: the pullback
 * `c -> J^T c` is linear in c, and differentiating `<J^T c, t>` with respect to c gives
 * `J t`.
 *
 * @example
 * ```ts
 * import { jvp } from '@gradkit/autograd';
 * import { mul, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const f = (x: Tensor) => mul(x, x);
 * const [y, dy] = jvp(f, [tensor([3])], [tensor([1])]); // y = [9], dy = 2·3·1 = [6]
 * ```
 */
export function jvp<Args extends unknown[], Out>(
  f: (...args: Args) => Out,
  primals: Args,
  tangents: { [K in keyof Args]: Args[K] },
): [Out, Out] {
  const op = 'jvp';
  checkFunction(op, f);
  if (!Array.isArray(primals) || !Array.isArray(tangents) || primals.length !== tangents.length) {
    throw new ValueError(op, 'tangents', 'must be an array with one tangent tree per primal');
  }
  return scope(() => {
    const selection = selectArguments(op, primals, allArguments(primals));
    const tangentLeaves = matchLeaves(
      op,
      'tangents',
      tangents,
      selection.leaves,
      tree.flatten(primals)[1],
    );
    const first = trace(op, selection.leaves, (inputs) =>
      f(...(selection.rebuild(inputs) as Args)),
    );
    try {
      const output = flattenOutput(op, first.result);
      const dummies = output.leaves.map((out) => zeros(out.shape, out.dtype));
      const second = trace(op, dummies, (cotangents) =>
        first.tape.pullback(
          output.leaves.map((out, i) => [out, cotangents[i]!] as const),
          first.leaves,
        ),
      );
      try {
        const seeds: [Tensor, Tensor][] = [];
        second.result.forEach((g, i) => {
          const t = tangentLeaves[i];
          if (g !== null && t !== null && t !== undefined) seeds.push([g, t]);
        });
        const tangentOut = second.tape.pullback(seeds, second.leaves);
        return [first.result, tree.unflatten(output.treedef, tangentOut) as Out] as [Out, Out];
      } finally {
        second.tape.dispose();
      }
    } finally {
      first.tape.dispose();
    }
  });
}
