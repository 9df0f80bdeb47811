/**
 * A wrong type of argument, as MindSpore's `TypeError` (a lr that is neither a number, a
 * tensor, a list nor a schedule; a beta that is not a number; a flag that is not a boolean).
 * Out-of-range values are `ValueError`s from @gradkit/tensor. Messages read like tensor's:
 * "nn.Adam: argument 'beta1' must be a number, got a string".
 *
 * @example
 * ```ts
 * import { nn, Parameter } from '@gradkit/train';
 * import { tensor } from '@gradkit/tensor';
 *
 * const params = [new Parameter(tensor([1, 2]), 'w')];
 * try {
 *   new nn.Adam(params, { beta1: '0.9' as never });
 * } catch (e) {
 *   e instanceof nn.ArgumentTypeError && e instanceof TypeError; // true
 * }
 * ```
 */
export class ArgumentTypeError extends TypeError {
  readonly op: string;
  readonly argument: string;

  constructor(op: string, argument: string, detail: string) {
    super(`${op}: argument '${argument}' ${detail}`);
    this.name = 'ArgumentTypeError';
    this.op = op;
    this.argument = argument;
  }
}
