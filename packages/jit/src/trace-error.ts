import { TensorError } from '@gradkit/tensor';

/**
 * Thrown when a function being traced by `jit` reads the values of a tensor that depends on
 * its inputs (`dataSync`, `data`, `item`, `toArray`, or control flow built on them): the graph
 * is recorded once and replayed, so a value read on the host would be frozen at the traced one.
 *
 * @example
 * ```ts
 * import { jit, TraceError } from '@gradkit/jit';
 * import { sum, type Tensor, tensor } from '@gradkit/tensor';
 *
 * const f = jit((x: Tensor) => (sum(x).item() > 0 ? x : sum(x)));
 * try {
 *   f(tensor([1, 2]));
 * } catch (error) {
 *   console.log(error instanceof TraceError); // true
 * }
 * ```
 */
export class TraceError extends TensorError {}
