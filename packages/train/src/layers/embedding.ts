import { stopGradient } from '@gradkit/autograd';
import {
  add,
  BackendError,
  expandDims,
  gather,
  mul,
  notEqual,
  scope,
  type Tensor,
  tensor,
  ValueError,
  where,
} from '@gradkit/tensor';
import { Cell } from '../cell/cell.js';
import { checkOptions, describeArgument } from '../cell/check-arguments.js';
import { bookkeepingValues } from '../grad/compile-watch.js';
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
  /**
   * MindSpore's `padding_idx`, an integer in [0, vocabSize) or null (the default): that row
   * of the table starts at zero and gets no gradient (its lookups are constants).
   */
  readonly paddingIdx?: number | null;
}

/**
 * A lookup table, as MindSpore's `nn.Embedding`: int32 ids of any shape give
 * `[...ids.shape, embeddingSize]`. The parameter is `embeddingTable` [vocabSize, embeddingSize].
 *
 * With `paddingIdx`, that row is initialized to zero (also when the table is given as a
 * tensor: the parameter then holds a zeroed copy, the given tensor stays the caller's) and
 * receives no gradient: lookups of it are constants for `valueAndGrad`, and a sparse gradient
 * leaves the row out. MindSpore only zeroes the row at initialization; the gradient rule is
 * PyTorch's `padding_idx`, so an optimizer leaves the row alone (weight decay aside).
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Embedding } from '@gradkit/train';
 *
 * const embed = new Embedding(1000, 32, { sparseGradient: true, paddingIdx: 0 });
 * const vectors = embed(tensor([[1, 5, 0]], undefined, 'int32')); // [1, 3, 32]; row 0 is zeros
 * ```
 */
export class Embedding extends Cell {
  readonly embeddingTable: Parameter;
  readonly sparseGradient: boolean;
  readonly paddingIdx: number | null;

  constructor(
    readonly vocabSize: number,
    readonly embeddingSize: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    checkOptions(
      'Embedding',
      options,
      'new Embedding(vocabSize, embeddingSize, { paddingIdx: 0 })',
    );
    for (const [name, value] of [
      ['vocabSize', vocabSize],
      ['embeddingSize', embeddingSize],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError(
          'Embedding',
          name,
          `must be a positive integer, as new Embedding(1000, 64), got ${describeArgument(value)}`,
        );
    }
    const paddingIdx = options.paddingIdx ?? null;
    if (
      paddingIdx !== null &&
      (typeof paddingIdx !== 'number' ||
        !Number.isInteger(paddingIdx) ||
        paddingIdx < 0 ||
        paddingIdx >= vocabSize)
    ) {
      throw new ValueError(
        'Embedding',
        'paddingIdx',
        `must be null or an integer in [0, ${vocabSize}), got ${String(paddingIdx)}`,
      );
    }
    this.paddingIdx = paddingIdx;
    const init = options.embeddingTable ?? new Normal(0.01);
    let table = initialize(init, [vocabSize, embeddingSize], 'float32', 'Embedding');
    if (paddingIdx !== null) {
      const rowMask = new Float32Array(vocabSize).fill(1);
      rowMask[paddingIdx] = 0;
      // (+ 0 turns the −0 of a negative value times 0 into +0.)
      const zeroed = scope(() => add(mul(table, tensor(rowMask, [vocabSize, 1])), 0));
      if (table !== init) table.dispose();
      table = zeroed;
    }
    this.embeddingTable = new Parameter(table, 'embeddingTable');
    this.sparseGradient = options.sparseGradient ?? false;
  }

  construct(ids: Tensor): Tensor {
    if (ids.dtype !== 'int32')
      throw new ValueError('Embedding', 'ids', `must be int32, got ${ids.dtype}`);
    const padding = this.paddingIdx;
    if (this.sparseGradient) this.#recordLookup(ids);
    if (padding === null) return gather(this.embeddingTable.value, ids, 0);
    return scope(() => {
      const rows = gather(this.embeddingTable.value, ids, 0);
      const learned = expandDims(notEqual(ids, padding), -1);
      // The same values everywhere; the padding lookups carry no gradient to the table.
      return where(learned, rows, stopGradient(rows));
    });
  }

  #recordLookup(ids: Tensor): void {
    const padding = this.paddingIdx;
    if (padding === null) {
      recordSparseLookup(this.embeddingTable, ids);
      return;
    }
    let values: ArrayLike<number>;
    try {
      values = bookkeepingValues(ids);
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      recordSparseLookup(this.embeddingTable, ids); // it falls back to a dense gradient
      return;
    }
    const count = this.vocabSize;
    const kept = Array.from(values).filter((i) => (i < 0 ? i + count : i) !== padding);
    const rows = tensor(kept, [kept.length], 'int32');
    try {
      recordSparseLookup(this.embeddingTable, rows);
    } finally {
      rows.dispose();
    }
  }
}
