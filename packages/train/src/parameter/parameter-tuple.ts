import { ValueError } from '@gradkit/tensor';
import { describe, Parameter } from './parameter.js';

/**
 * An immutable list of distinct Parameters, as MindSpore's `ParameterTuple`: the `weights`
 * argument of `valueAndGrad` and the `params` of an optimizer. It is an array, so anything
 * that takes `Parameter[]` takes it.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss, ParameterTuple, valueAndGrad } from '@gradkit/train';
 *
 * const net = new Dense(2, 1);
 * const lossFn = new MSELoss();
 * const weights = new ParameterTuple(net.trainableParams());
 * const gradFn = valueAndGrad((x: Tensor, y: Tensor) => lossFn(net(x), y), null, weights);
 * const [loss, grads] = gradFn(tensor([[1, 2]]), tensor([[1]])); // grads in weights order
 * ```
 */
export class ParameterTuple extends Array<Parameter> {
  // Array methods such as map and filter build plain arrays, not ParameterTuples.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(params: Iterable<Parameter>) {
    super();
    const seen = new Set<Parameter>();
    let index = 0;
    for (const param of params) {
      if (!(param instanceof Parameter)) {
        throw new ValueError(
          'ParameterTuple',
          `params[${index}]`,
          `must be a Parameter, got ${describe(param)}`,
        );
      }
      if (seen.has(param)) {
        throw new ValueError(
          'ParameterTuple',
          `params[${index}]`,
          `repeats the parameter '${param.name}'`,
        );
      }
      seen.add(param);
      this.push(param);
      index++;
    }
    Object.freeze(this);
  }
}
