import { gather, type Tensor, ValueError } from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { recordSparseLookup } from '../grad/sparse-rows.js';
import { Normal } from '../initializers/normal.js';
import { type InitializerLike, initialize } from '../initializers/resolve.js';
import { Parameter } from '../parameter/parameter.js';

/** Options of Embedding. */
export interface EmbeddingOptions {
  /** The table's initializer; default Normal(0.01) ('normal'), as MindSpore. */
  readonly embeddingTable?: InitializerLike;
  /**
   * Make the table's gradient from `valueAndGrad` a `RowSparse` over the looked-up rows, for
   * lazy optimizers. The table must then be read only through this cell.
   */
  readonly sparseGradient?: boolean;
}

/**
 * A lookup table, as MindSpore's `nn.Embedding`: int32 ids of any shape give
 * `[...ids.shape, embeddingSize]`. The parameter is `embeddingTable` [vocabSize, embeddingSize].
 *
 * @example
 * const embed = new Embedding(1000, 32, { sparseGradient: true });
 * const vectors = embed(tensor([[1, 5, 9]], undefined, 'int32')); // [1, 3, 32]
 */
export class Embedding extends Cell {
  readonly embeddingTable: Parameter;
  readonly sparseGradient: boolean;

  constructor(
    readonly vocabSize: number,
    readonly embeddingSize: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    for (const [name, value] of [
      ['vocabSize', vocabSize],
      ['embeddingSize', embeddingSize],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError('Embedding', name, `must be a positive integer, got ${value}`);
    }
    const init = options.embeddingTable ?? new Normal(0.01);
    this.embeddingTable = new Parameter(
      initialize(init, [vocabSize, embeddingSize], 'float32', 'Embedding'),
      'embeddingTable',
    );
    this.sparseGradient = options.sparseGradient ?? false;
  }

  construct(ids: Tensor): Tensor {
    if (ids.dtype !== 'int32')
      throw new ValueError('Embedding', 'ids', `must be int32, got ${ids.dtype}`);
    if (this.sparseGradient) recordSparseLookup(this.embeddingTable, ids);
    return gather(this.embeddingTable.value, ids, 0);
  }
}
