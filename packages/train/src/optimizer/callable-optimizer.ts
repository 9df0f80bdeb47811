import { callableInstance } from '../callable/callable-instance.js';
import type { Parameter } from '../parameter/parameter.js';
import type { Gradient } from './gradient.js';

export type { Gradient };

/**
 * What `TrainOneStepCell` and `Model` need from an optimizer: callable with the gradients in
 * `parameters` order. Every optimizer of `nn` and `optim` fits.
 */
export interface OptimizerLike {
  (grads: readonly Gradient[]): unknown;
  readonly parameters: readonly Parameter[];
}

/**
 * The call signature of an optimizer instance: `optimizer(grads)` runs `construct(grads)`.
 * `G` is what one gradient may be and `R` what a step returns (MindSpore's nn optimizers
 * return true).
 */
export interface CallableOptimizer<G = Gradient, R = boolean> {
  // biome-ignore lint/style/useShorthandFunctionType: an interface merges with the class; a type alias cannot.
  (grads: readonly G[]): R;
}

/**
 * Makes instances callable with `callableInstance`: the constructor returns a function whose
 * prototype is the subclass's, so `instanceof`, methods and subclass fields work. This base
 * has no fields of its own (its initializers would land on the discarded object).
 *
 * @example
 * ```ts
 * import { mul, sub, type Tensor, tensor } from '@gradkit/tensor';
 * import { nn, Parameter } from '@gradkit/train';
 *
 * class Halve extends nn.CallableOptimizer {
 *   constructor(readonly parameters: Parameter[]) { super(); }
 *   construct(grads: readonly nn.Gradient[]) {
 *     this.parameters.forEach((p, i) => { p.value = sub(p.value, mul(grads[i] as Tensor, 0.5)); });
 *     return true;
 *   }
 * }
 * const w = new Parameter(tensor([1, 2]), 'w');
 * new Halve([w])([tensor([2, 2])]); // w.value is now [0, 1]
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor really returns a callable.
export abstract class CallableOptimizer<G = Gradient, R = boolean> {
  constructor() {
    // biome-ignore lint/correctness/noConstructorReturn: returning a function makes instances callable.
    return callableInstance<CallableOptimizer<G, R>, [readonly G[]], R>(
      new.target.prototype,
      (optimizer, grads) => optimizer.construct(grads),
    );
  }

  /** One update from the gradients, in `parameters` order; call the optimizer rather than this. */
  abstract construct(grads: readonly G[]): R;
}
