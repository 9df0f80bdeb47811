/**
 * Base class of every error @gradkit/tensor throws for bad input. `op` names the
 * operation and `argument` the offending argument, so messages read
 * "matmul: argument 'b' ...".
 *
 * @example
 * ```ts
 * import { matmul, tensor, TensorError } from '@gradkit/tensor';
 *
 * try {
 *   matmul(tensor([1, 2]), tensor([1, 2, 3]));
 * } catch (error) {
 *   if (error instanceof TensorError) console.log(error.op, error.argument);
 * }
 * ```
 */
export class TensorError extends Error {
  readonly op: string;
  readonly argument: string | undefined;

  constructor(op: string, argument: string | undefined, detail: string) {
    super(argument === undefined ? `${op}: ${detail}` : `${op}: argument '${argument}' ${detail}`);
    this.name = new.target.name;
    this.op = op;
    this.argument = argument;
  }
}

/**
 * Shapes that do not fit together (broadcasting, matmul, reshape, concat, ...).
 *
 * @example
 * ```ts
 * import { reshape, ShapeError, tensor } from '@gradkit/tensor';
 *
 * try {
 *   reshape(tensor([1, 2, 3]), [2, 2]);
 * } catch (error) {
 *   console.log(error instanceof ShapeError); // true
 * }
 * ```
 */
export class ShapeError extends TensorError {}

/**
 * A dtype the op does not accept, or operands whose dtypes do not combine.
 *
 * @example
 * ```ts
 * import { DTypeError, logicalAnd, tensor } from '@gradkit/tensor';
 *
 * try {
 *   logicalAnd(tensor([1.5]), tensor([true]));
 * } catch (error) {
 *   console.log(error instanceof DTypeError);
 * }
 * ```
 */
export class DTypeError extends TensorError {}

/**
 * An axis outside `[-rank, rank)`, repeated, or otherwise invalid.
 *
 * @example
 * ```ts
 * import { AxisError, sum, tensor } from '@gradkit/tensor';
 *
 * try {
 *   sum(tensor([1, 2]), 3);
 * } catch (error) {
 *   console.log(error instanceof AxisError); // true
 * }
 * ```
 */
export class AxisError extends TensorError {}

/**
 * An index outside the dimension it addresses.
 *
 * @example
 * ```ts
 * import { gather, IndexError, tensor } from '@gradkit/tensor';
 *
 * try {
 *   gather(tensor([1, 2]), tensor([5], undefined, 'int32')).dataSync();
 * } catch (error) {
 *   console.log(error instanceof IndexError); // true
 * }
 * ```
 */
export class IndexError extends TensorError {}

/**
 * A value that is out of range or malformed (nested arrays, options, counts).
 *
 * @example
 * ```ts
 * import { linspace, ValueError } from '@gradkit/tensor';
 *
 * try {
 *   linspace(0, 1, -1);
 * } catch (error) {
 *   console.log(error instanceof ValueError); // true
 * }
 * ```
 */
export class ValueError extends TensorError {}

/**
 * A tensor used after `dispose()` (or after the scope that owned it ended).
 *
 * @example
 * ```ts
 * import { DisposedError, tensor } from '@gradkit/tensor';
 *
 * const x = tensor([1, 2]);
 * x.dispose();
 * try {
 *   x.dataSync();
 * } catch (error) {
 *   console.log(error instanceof DisposedError); // true
 * }
 * ```
 */
export class DisposedError extends TensorError {}

/**
 * An operation the active backend cannot perform (for example a dtype it lacks).
 *
 * @example
 * ```ts
 * import { BackendError, tensor } from '@gradkit/tensor';
 *
 * try {
 *   tensor([1, 2], undefined, 'float64'); // on a float32-only backend (e.g. gpu.js)
 * } catch (error) {
 *   console.log(error instanceof BackendError);
 * }
 * ```
 */
export class BackendError extends TensorError {}
