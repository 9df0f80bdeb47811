/**
 * Base class of every error @gradkit/tensor throws for bad input. `op` names the
 * operation and `argument` the offending argument, so messages read
 * "matmul: argument 'b' ...".
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

/** Shapes that do not fit together (broadcasting, matmul, reshape, concat, ...). */
export class ShapeError extends TensorError {}

/** A dtype the op does not accept, or operands whose dtypes do not combine. */
export class DTypeError extends TensorError {}

/** An axis outside `[-rank, rank)`, repeated, or otherwise invalid. */
export class AxisError extends TensorError {}

/** An index outside the dimension it addresses. */
export class IndexError extends TensorError {}

/** A value that is out of range or malformed (nested arrays, options, counts). */
export class ValueError extends TensorError {}

/** A tensor used after `dispose()` (or after the scope that owned it ended). */
export class DisposedError extends TensorError {}

/** An operation the active backend cannot perform (for example a dtype it lacks). */
export class BackendError extends TensorError {}
