import { mean, mul, sum, type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';

/** How per-element losses are combined: kept ('none'), averaged or summed. */
export type Reduction = 'none' | 'mean' | 'sum';

/**
 * The base of the losses, as MindSpore's `LossBase`: callable as `lossFn(logits, labels)`,
 * with `getLoss` applying the reduction.
 *
 * @example
 * ```ts
 * import { mul, square, sub, type Tensor, tensor } from '@gradkit/tensor';
 * import { LossBase } from '@gradkit/train';
 *
 * class HalfSquare extends LossBase {
 *   construct(x: Tensor, y: Tensor) {
 *     return this.getLoss(mul(0.5, square(sub(x, y))));
 *   }
 * }
 * new HalfSquare()(tensor([1, 2]), tensor([1, 4])).item(); // mean of [0, 2] = 1
 * ```
 */
export abstract class LossBase extends Cell<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction;

  constructor(reduction: Reduction = 'mean', op = 'LossBase') {
    super();
    if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
      throw new ValueError(
        op,
        'reduction',
        `must be 'none', 'mean' or 'sum', got ${JSON.stringify(reduction)}`,
      );
    }
    this.reduction = reduction;
  }

  /** Applies the reduction to per-element losses (optionally weighted first). */
  getLoss(x: Tensor, weights?: Tensor | number): Tensor {
    const weighted = weights === undefined ? x : mul(x, weights);
    if (this.reduction === 'none') return weighted === x ? mul(x, 1) : weighted;
    const reduced = this.reduction === 'mean' ? mean(weighted) : sum(weighted);
    if (weighted !== x) weighted.dispose();
    return reduced;
  }
}

/**
 * Throws a ValueError unless `labels` has the shape of `logits` (the elementwise losses).
 *
 * For example, `checkSameShape('MSELoss', logits, labels)`.
 */
export function checkSameShape(op: string, logits: Tensor, labels: Tensor): void {
  if (
    logits.shape.length !== labels.shape.length ||
    logits.shape.some((d, i) => d !== labels.shape[i])
  ) {
    throw new ValueError(
      op,
      'labels',
      `must have the shape of logits [${logits.shape.join(', ')}], got [${labels.shape.join(', ')}]`,
    );
  }
}
