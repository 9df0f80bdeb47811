import { relu, sigmoid, softmax, type Tensor, tanh, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { describeArgument } from '../cell/check-arguments.js';

/**
 * max(x, 0), as MindSpore's `nn.ReLU`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { ReLU } from '@gradkit/train';
 *
 * new ReLU()(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 */
export class ReLU extends Cell {
  construct(x: Tensor): Tensor {
    return relu(x);
  }
}

/**
 * 1 / (1 + e^-x), as MindSpore's `nn.Sigmoid`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Sigmoid } from '@gradkit/train';
 *
 * new Sigmoid()(tensor([0])).toArray(); // [0.5]
 * ```
 */
export class Sigmoid extends Cell {
  construct(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/**
 * Hyperbolic tangent, as MindSpore's `nn.Tanh`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Tanh } from '@gradkit/train';
 *
 * new Tanh()(tensor([0])).toArray(); // [0]
 * ```
 */
export class Tanh extends Cell {
  construct(x: Tensor): Tensor {
    return tanh(x);
  }
}

/**
 * Softmax along `axis` (default -1), as MindSpore's `nn.Softmax(axis=-1)`.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Softmax } from '@gradkit/train';
 *
 * new Softmax()(tensor([[1, 1]])).toArray(); // [[0.5, 0.5]]
 * ```
 */
export class Softmax extends Cell {
  constructor(readonly axis = -1) {
    super();
    if (!Number.isInteger(axis)) {
      throw new ValueError(
        'Softmax',
        'axis',
        `must be an integer, as new Softmax(-1), got ${describeArgument(axis)}`,
      );
    }
  }

  construct(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
}

/** An activation given by name (as MindSpore's `get_activation`) or as a cell. */
export type ActivationLike = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | Cell<[Tensor], Tensor>;

/**
 * The cell for an activation name; a cell is returned as is.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { getActivation } from '@gradkit/train';
 *
 * const act = getActivation('relu');
 * act(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 */
export function getActivation(activation: ActivationLike): Cell<[Tensor], Tensor> {
  if (activation instanceof Cell) return activation;
  switch (activation) {
    case 'relu':
      return new ReLU();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'softmax':
      return new Softmax();
    default:
      throw new ValueError(
        'getActivation',
        'activation',
        `must be 'relu', 'sigmoid', 'tanh', 'softmax' or a Cell, got ${JSON.stringify(activation)}`,
      );
  }
}
