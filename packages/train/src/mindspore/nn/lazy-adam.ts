import { Adam } from './adam.js';

/**
 * MindSpore's `nn.LazyAdam`: nn.Adam's formula, but a RowSparse gradient (from an Embedding
 * with `sparseGradient`) updates only the rows it lists — their m, v and weights; every other
 * row and its moments stay bit for bit. Weight decay then also touches only those rows. Dense
 * gradients step as in nn.Adam.
 *
 * @example
 * ```ts
 * import { Embedding, nn } from '@gradkit/train';
 *
 * const embed = new Embedding(10_000, 64, { sparseGradient: true });
 * const optimizer = new nn.LazyAdam(embed.trainableParams(), { learningRate: 1e-3 });
 * ```
 */
export class LazyAdam extends Adam {
  static override readonly opName: string = 'nn.LazyAdam';

  protected override get lazy(): boolean {
    return true;
  }
}
