import { scope, type Tensor, ValueError } from '@gradkit/tensor';
import { allArguments, selectArguments } from './arguments.js';
import type { Gradient } from './gradient-types.js';
import { flattenOutput, matchLeaves } from './outputs.js';
import { trace } from './trace.js';
import { checkFunction } from './value-and-grad.js';

/**
 * Maps a cotangent of f's output to the gradients of all of f's arguments. It can be called
 * many times; `dispose()` releases the tensors kept for it (they are also released when it
 * is garbage collected).
 */
export interface VjpFunction<Args extends readonly unknown[], Out> {
  (cotangent: Out): { -readonly [K in keyof Args]: Gradient<Args[K]> };
  dispose(): void;
}

/**
 * Evaluates f at `primals` and returns `[out, vjpFn]`, where `vjpFn(cotangent)` is the
 * vector-Jacobian product: the gradients of `sum(out * cotangent)` with respect to every
 * primal, each in its primal's structure. `out` may be a tree of tensors.
 *
 * @example
 * ```ts
 * import { vjp } from '@gradkit/autograd';
 * import { mul, onesLike, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2, 3]);
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), x);
 * const [dx] = pullback(onesLike(y)); // [2, 4, 6]
 * ```
 */
export function vjp<Args extends unknown[], Out>(
  f: (...args: Args) => Out,
  ...primals: Args
): [Out, VjpFunction<Args, Out>] {
  const op = 'vjp';
  checkFunction(op, f);
  const selection = selectArguments(op, primals, allArguments(primals));
  // The scope frees f's intermediates; the tape keeps what the backward pass needs.
  const recorded = scope(() => {
    const traced = trace(op, selection.leaves, (inputs) =>
      f(...(selection.rebuild(inputs) as Args)),
    );
    try {
      const output = flattenOutput(op, traced.result);
      return { result: traced.result, output, tape: traced.tape, leaves: traced.leaves };
    } catch (error) {
      traced.tape.dispose();
      throw error;
    }
  });
  const { output, tape, leaves } = recorded;
  let disposed = false;
  const pullback = ((cotangent: Out) => {
    if (disposed) throw new ValueError(op, 'vjpFn', 'was disposed; call vjp again');
    const cotangents = matchLeaves(op, 'cotangent', cotangent, output.leaves, output.treedef);
    return scope(() => {
      const seeds: [Tensor, Tensor][] = [];
      output.leaves.forEach((out, i) => {
        const c = cotangents[i];
        if (c !== null && c !== undefined) seeds.push([out, c]);
      });
      return selection.assemble(tape.pullback(seeds, leaves));
    });
  }) as VjpFunction<Args, Out>;
  pullback.dispose = () => {
    disposed = true;
    tape.dispose();
  };
  return [recorded.result, pullback];
}
