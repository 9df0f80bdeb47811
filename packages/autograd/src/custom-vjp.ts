import { isFloating, Tensor, tree, ValueError } from '@gradkit/tensor';
import { keyOf } from './tape.js';
import { activeTapes, copyOf, withTapes } from './trace.js';
import { checkFunction } from './value-and-grad.js';

export interface CustomVjpRule<Args extends readonly Tensor[], Residuals> {
  /** Computes the output and whatever backward needs (any tree of tensors and values). */
  forward(...args: Args): readonly [Tensor, Residuals];
  /** The gradient of each argument (null for none) given the output's cotangent. */
  backward(residuals: Residuals, cotangent: Tensor): readonly (Tensor | null)[];
}

/**
 * Gives f a hand-written gradient. Outside differentiation the result calls f; under grad
 * (at any nesting depth) it calls `forward`, unrecorded, and differentiates through
 * `backward` instead. backward runs in tensor ops, so it can be differentiated again; the
 * residuals count as constants there unless they are f's arguments themselves.
 *
 * @example
 * ```ts
 * import { customVjp, grad } from '@gradkit/autograd';
 * import { exp, log1p, mul, sigmoid, sum, type Tensor, tensor } from '@gradkit/tensor';
 *
 * // log(1 + exp(x)) with a gradient that stays finite for large x.
 * const softplus = customVjp((x: Tensor) => log1p(exp(x)), {
 *   forward: (x) => [log1p(exp(x)), x],
 *   backward: (x, g) => [mul(g, sigmoid(x))],
 * });
 * grad((x: Tensor) => sum(softplus(x)))(tensor([0, 100])).toArray(); // [0.5, 1]
 * ```
 */
export function customVjp<Args extends Tensor[], Residuals>(
  f: (...args: Args) => Tensor,
  rule: CustomVjpRule<Args, Residuals>,
): (...args: Args) => Tensor {
  const op = 'customVjp';
  checkFunction(op, f);
  if (typeof rule?.forward !== 'function' || typeof rule?.backward !== 'function') {
    throw new ValueError(op, 'rule', 'must be an object with forward and backward functions');
  }
  return (...args: Args) => {
    args.forEach((a, i) => {
      if (!(a instanceof Tensor)) {
        throw new ValueError(op, `args[${i}]`, `must be a tensor, got ${typeof a}`);
      }
    });
    const tapes = activeTapes();
    const recording = tapes.filter((tape) => args.some((a) => tape.isActive(a)));
    if (recording.length === 0) return f(...args);
    const others = tapes.filter((tape) => !recording.includes(tape));
    const [forwardOutput, residuals] = withTapes(others, () => rule.forward(...args));
    if (!(forwardOutput instanceof Tensor) || !isFloating(forwardOutput.dtype)) {
      throw new ValueError(
        op,
        'forward',
        'must return [output, residuals] with a floating-point output tensor',
      );
    }
    // The output must be a buffer of its own to get a node of its own.
    const output = args.some((a) => keyOf(a) === keyOf(forwardOutput))
      ? withTapes(others, () => copyOf(forwardOutput))
      : forwardOutput;
    for (const tape of recording) {
      const held = tree.map(
        (r: unknown) => (r instanceof Tensor ? tape.hold(r) : r),
        residuals,
      ) as Residuals;
      tape.recordCustom(op, args, output, (g) => {
        const gradients = rule.backward(held, g);
        if (!Array.isArray(gradients) || gradients.length !== args.length) {
          throw new ValueError(
            op,
            'backward',
            `must return one gradient (or null) per argument: ${args.length}`,
          );
        }
        return gradients.map((gradient) => (gradient === null ? null : () => gradient));
      });
    }
    return output;
  };
}
