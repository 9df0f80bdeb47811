import { dispose, gather, random, scope, stack, Tensor, ValueError } from '@gradkit/tensor';

/** One element of a dataset: a tuple of tensors (a row, or a batch of rows). */
export type Element = readonly Tensor[];

/** Options of `Dataset.batch`. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false), as MindSpore's `drop_remainder`. */
  readonly dropRemainder?: boolean;
}

interface Stage<E extends Element> {
  /** The elements of one epoch. */
  elements(epoch: number): Iterable<E>;
  /** When elements are still rows of the source: the row order of an epoch, and the source. */
  rows?(epoch: number): number[];
  readonly columns?: Element;
}

function rowOf(columns: Element, index: number): Tensor[] {
  return columns.map((column) => gather(column, index, 0));
}

function permute<T>(items: readonly T[], seed: number, epoch: number): T[] {
  const order = random.permutation(random.foldIn(random.key(seed), epoch), items.length);
  const indices = order.dataSync();
  order.dispose();
  return Array.from(indices, (i) => items[i]!);
}

/**
 * A small in-memory dataset, as MindSpore's `NumpySlicesDataset` pipelines: rows of tensor
 * columns, with `shuffle(seed)`, `batch(size)` and `map(fn)` each returning a new dataset.
 * Iterating gives one epoch of tuples of tensors (the caller owns them); each new iteration
 * is the next epoch, and shuffling draws a new order per epoch from the seed, so a run is
 * reproducible.
 *
 * For example, `Dataset.fromTensors([images, labels]).shuffle(0).batch(32, { dropRemainder: true })`
 * iterates as `[x, y]` batches of 32. (Internal, not exported: no `@example`.)
 */
export class Dataset<E extends Element> implements Iterable<E> {
  readonly #stage: Stage<E>;
  #epoch = 0;

  private constructor(stage: Stage<E>) {
    this.#stage = stage;
  }

  /**
   * A dataset whose rows are the slices of `columns` along axis 0 (all the same length).
   *
   * For example, `Dataset.fromTensors([features, labels])` has elements `[feature, label]`.
   */
  static fromTensors<const E extends Element>(columns: E): Dataset<E> {
    if (!Array.isArray(columns) || columns.length === 0) {
      throw new ValueError(
        'Dataset.fromTensors',
        'columns',
        'must be a non-empty array of tensors',
      );
    }
    const count = columns[0]!.shape[0];
    columns.forEach((column, i) => {
      if (!(column instanceof Tensor) || column.rank === 0 || column.shape[0] !== count) {
        throw new ValueError(
          'Dataset.fromTensors',
          `columns[${i}]`,
          `must be a tensor with ${count} rows along axis 0, got ${column instanceof Tensor ? `shape [${column.shape.join(', ')}]` : typeof column}`,
        );
      }
    });
    const all = Array.from({ length: count ?? 0 }, (_, i) => i);
    return new Dataset<E>({
      columns,
      rows: () => all,
      *elements() {
        for (const i of all) yield rowOf(columns, i) as unknown as E;
      },
    });
  }

  /** The number of elements in one epoch. */
  getDatasetSize(): number {
    let count = 0;
    const rows = this.#stage.rows?.(0);
    if (rows !== undefined) return rows.length;
    for (const element of this.#stage.elements(0)) {
      dispose(element as unknown);
      count++;
    }
    return count;
  }

  /**
   * Shuffles the elements with a new order each epoch, drawn from `seed`.
   *
   * For example, `ds.shuffle(42)`.
   */
  shuffle(seed: number): Dataset<E> {
    random.key(seed); // validates
    const upstream = this.#stage;
    if (upstream.rows !== undefined && upstream.columns !== undefined) {
      const rowsOf = upstream.rows.bind(upstream);
      const columns = upstream.columns;
      return new Dataset<E>({
        columns,
        rows: (epoch) => permute(rowsOf(epoch), seed, epoch),
        *elements(epoch) {
          for (const i of permute(rowsOf(epoch), seed, epoch))
            yield rowOf(columns, i) as unknown as E;
        },
      });
    }
    return new Dataset<E>({
      *elements(epoch) {
        yield* permute([...upstream.elements(epoch)], seed, epoch);
      },
    });
  }

  /**
   * Groups consecutive elements into batches, stacking each column along a new axis 0.
   *
   * For example, `ds.batch(16, { dropRemainder: true })` yields only full batches of 16.
   */
  batch(size: number, options: BatchOptions = {}): Dataset<E> {
    if (!Number.isInteger(size) || size < 1) {
      throw new ValueError('Dataset.batch', 'size', `must be a positive integer, got ${size}`);
    }
    const dropRemainder = options.dropRemainder ?? false;
    const upstream = this.#stage;
    const keepBatch = (n: number) => n === size || (n > 0 && !dropRemainder);
    if (upstream.rows !== undefined && upstream.columns !== undefined) {
      const rowsOf = upstream.rows.bind(upstream);
      const columns = upstream.columns;
      return new Dataset<E>({
        // One gather per column and batch, instead of a gather per row and a stack.
        *elements(epoch) {
          const rows = rowsOf(epoch);
          for (let start = 0; start < rows.length; start += size) {
            const chunk = rows.slice(start, start + size);
            if (!keepBatch(chunk.length)) return;
            yield columns.map((column) => gather(column, chunk, 0)) as unknown as E;
          }
        },
      });
    }
    return new Dataset<E>({
      *elements(epoch) {
        let pending: E[] = [];
        const flush = () => {
          const batch = pending[0]!.map((_, c) => stack(pending.map((e) => e[c]!)));
          dispose(pending as unknown);
          pending = [];
          return batch as unknown as E;
        };
        for (const element of upstream.elements(epoch)) {
          pending.push(element);
          if (pending.length === size) yield flush();
        }
        if (pending.length > 0) {
          if (keepBatch(pending.length)) yield flush();
          else dispose(pending as unknown);
        }
      },
    });
  }

  /**
   * Applies `fn` to every element; the input tensors are freed afterwards unless fn returns them.
   *
   * For example, `ds.map((x, y) => [div(x, 255), y] as const)` scales the first column.
   */
  map<const F extends Element>(fn: (...element: E) => F): Dataset<F> {
    const upstream = this.#stage;
    return new Dataset<F>({
      *elements(epoch) {
        for (const element of upstream.elements(epoch)) {
          const out = scope(() => fn(...element));
          for (const t of element) if (!out.includes(t)) t.dispose();
          yield out;
        }
      },
    });
  }

  /** The elements of epoch `epoch` (the iteration protocol counts epochs by itself). */
  createIterator(epoch: number): Iterator<E> {
    return this.#stage.elements(epoch)[Symbol.iterator]();
  }

  [Symbol.iterator](): Iterator<E> {
    return this.createIterator(this.#epoch++);
  }
}
