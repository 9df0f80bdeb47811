import { flatten, type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { describeArgument } from '../cell/check-arguments.js';

/**
 * Flattens axes startDim..endDim into one, as MindSpore's `nn.Flatten(start_dim=1, end_dim=-1)`.
 *
 * @example
 * ```ts
 * import { zeros } from '@gradkit/tensor';
 * import { Flatten } from '@gradkit/train';
 *
 * new Flatten()(zeros([2, 16, 5, 5])).shape; // [2, 400]
 * ```
 */
export class Flatten extends Cell {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
    for (const [name, value] of [
      ['startDim', startDim],
      ['endDim', endDim],
    ] as const) {
      if (!Number.isInteger(value)) {
        throw new ValueError(
          'Flatten',
          name,
          `must be an integer axis, as new Flatten(1, -1), got ${describeArgument(value)}`,
        );
      }
    }
  }

  construct(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}
