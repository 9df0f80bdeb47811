import { dispose, scope, Tensor, ValueError } from '@gradkit/tensor';
import { allocateColumn, type Column, columnOfTensor, sizeOf, tensorOfColumn } from './column.js';
import { bufferedShuffle, seededRandom } from './shuffle-order.js';
import { Transform } from './transform.js';

/** One element of a dataset as iteration yields it: a tuple of tensors (a row or a batch). */
export type Element = readonly Tensor[];

/** One element inside the pipeline: plain typed-array columns, no tensors. */
export type Sample = readonly Column[];

/** Options of `Dataset.batch`. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false), as MindSpore's `drop_remainder`. */
  readonly dropRemainder?: boolean;
}

/** Options of `Dataset.shuffle`. */
export interface ShuffleOptions {
  /**
   * How many elements the shuffle buffer holds, as MindSpore's `buffer_size`; the default
   * (the whole epoch) gives a uniform permutation, a smaller buffer a local shuffle.
   */
  readonly bufferSize?: number;
}

/** Options of `Dataset.map` with transforms. */
export interface MapOptions {
  /** The column(s) the operations apply to, in turn (default: the first column). */
  readonly inputColumns?: string | readonly string[];
}

/** Options of `Dataset.fromTensors`. */
export interface FromTensorsOptions {
  /** The columns' names (default `column_0`, `column_1`, ...). */
  readonly columnNames?: readonly string[];
}

/** A pipeline stage: the samples of each epoch, and their count when known without reading. */
export interface DatasetStage {
  readonly columnNames: readonly string[];
  samples(epoch: number): Iterable<Sample>;
  size(): number | undefined;
}

function toTensors(sample: Sample): Tensor[] {
  const tensors: Tensor[] = [];
  try {
    for (const column of sample) tensors.push(tensorOfColumn(column));
  } catch (error) {
    dispose(tensors);
    throw error;
  }
  return tensors;
}

/** Rows of equal shape and dtype, copied into one contiguous batch column. */
function stackColumn(rows: readonly Sample[], c: number, name: string): Column {
  const first = rows[0]![c]!;
  const rowSize = first.data.length;
  const data = allocateColumn(first.dtype, rows.length * rowSize);
  rows.forEach((row, r) => {
    const column = row[c]!;
    if (column.dtype !== first.dtype || column.data.length !== rowSize) {
      throw new ValueError(
        'Dataset.batch',
        name,
        `must have one shape and dtype in a batch: ${first.dtype} [${first.shape.join(', ')}] in its first row, ${column.dtype} [${column.shape.join(', ')}] in row ${r} (resize or pad first)`,
      );
    }
    data.set(column.data, r * rowSize);
  });
  return { dtype: first.dtype, shape: [rows.length, ...first.shape], data };
}

/**
 * A data pipeline, as MindSpore's `mindspore.dataset`: a source (`Dataset.fromTensors`,
 * `MnistDataset`) followed by `map`, `shuffle`, `batch` and `repeat`, each returning a new
 * dataset. Inside the pipeline elements are plain typed arrays; only iteration makes tensors,
 * one per column of each element, so a batched pipeline allocates one tensor per column and
 * batch (the caller owns them; `Model.train` frees them after each step).
 *
 * Each iteration is the next epoch (`createIterator(epoch)` picks one), and a shuffle draws
 * its order from the seed and the epoch number only, so a run, and a run resumed at an epoch,
 * is reproducible.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dataset } from '@gradkit/train';
 *
 * const features = tensor([[0, 1], [2, 3], [4, 5], [6, 7]]);
 * const labels = tensor([0, 1, 0, 1], undefined, 'int32');
 * const batches = Dataset.fromTensors([features, labels]).shuffle(42).batch(2, { dropRemainder: true });
 * for (const [x, y] of batches) {
 *   // x: [2, 2] float32, y: [2] int32
 *   x.dispose();
 *   y.dispose();
 * }
 * ```
 */
export class Dataset<E extends Element = Element> implements Iterable<E> {
  readonly #stage: DatasetStage;
  #epoch = 0;

  protected constructor(stage: DatasetStage) {
    this.#stage = stage;
  }

  /**
   * A dataset whose rows are the slices of `columns` along axis 0 (all the same length). The
   * values are read to the host once, now (`dataSync`), and the tensors stay the caller's:
   * the pipeline (map, shuffle, batch) works on plain typed arrays so that it makes no tensor
   * per sample, and only each batch it yields becomes tensors. A backend that reads back
   * asynchronously only (gpu.js's webgpu mode) cannot be read now: make the columns on the CPU
   * backend (`withBackend(createCpuBackend(), ...)`) instead.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   * import { Dataset } from '@gradkit/train';
   *
   * const ds = Dataset.fromTensors([tensor([[1, 2], [3, 4]]), tensor([0, 1], undefined, 'int32')], {
   *   columnNames: ['features', 'label'],
   * });
   * ds.getDatasetSize(); // 2
   * ```
   */
  static fromTensors<const E extends Element>(
    columns: E,
    options: FromTensorsOptions = {},
  ): Dataset<E> {
    const op = 'Dataset.fromTensors';
    if (!Array.isArray(columns) || columns.length === 0) {
      throw new ValueError(op, 'columns', 'must be a non-empty array of tensors');
    }
    const count = (columns[0] as Tensor | undefined)?.shape?.[0];
    columns.forEach((column, i) => {
      if (!(column instanceof Tensor) || column.rank === 0 || column.shape[0] !== count) {
        throw new ValueError(
          op,
          `columns[${i}]`,
          `must be a tensor with ${count} rows along axis 0, got ${column instanceof Tensor ? `shape [${column.shape.join(', ')}]` : typeof column}`,
        );
      }
    });
    const names = options.columnNames ?? columns.map((_, i) => `column_${i}`);
    if (names.length !== columns.length || new Set(names).size !== names.length) {
      throw new ValueError(
        op,
        'columnNames',
        `must be ${columns.length} distinct names (one per column), got ${JSON.stringify(names)}`,
      );
    }
    const stored = columns.map(columnOfTensor);
    return new Dataset<E>(
      rowSource(names, count ?? 0, (i) =>
        stored.map((column) => {
          const rowShape = column.shape.slice(1);
          const rowSize = sizeOf(rowShape);
          return {
            dtype: column.dtype,
            shape: rowShape,
            data: column.data.subarray(i * rowSize, (i + 1) * rowSize),
          };
        }),
      ),
    );
  }

  /**
   * The stage of a source whose rows can be read by index (for subclasses such as
   * MnistDataset): `count` rows per epoch, read in the order `order(epoch)` gives (default
   * 0..count-1).
   */
  protected static rows(
    columnNames: readonly string[],
    count: number,
    row: (index: number) => Sample,
    order?: (epoch: number) => ArrayLike<number>,
  ): DatasetStage {
    return rowSource(columnNames, count, row, order);
  }

  /** The column names, in element order. */
  getColumnNames(): string[] {
    return [...this.#stage.columnNames];
  }

  /** The number of elements in one epoch. */
  getDatasetSize(): number {
    const known = this.#stage.size();
    if (known !== undefined) return known;
    let count = 0;
    for (const _ of this.#stage.samples(0)) count++;
    return count;
  }

  /**
   * Shuffles the elements with a new order each epoch, drawn from `seed` and the epoch number.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   * import { Dataset } from '@gradkit/train';
   *
   * const ds = Dataset.fromTensors([tensor([1, 2, 3, 4])]).shuffle(42, { bufferSize: 2 });
   * ```
   */
  shuffle(seed: number, options: ShuffleOptions = {}): Dataset<E> {
    if (!Number.isSafeInteger(seed)) {
      throw new ValueError('Dataset.shuffle', 'seed', `must be an integer, got ${seed}`);
    }
    const bufferSize = options.bufferSize;
    if (bufferSize !== undefined && (!Number.isInteger(bufferSize) || bufferSize < 2)) {
      throw new ValueError(
        'Dataset.shuffle',
        'bufferSize',
        `must be an integer >= 2, got ${bufferSize}`,
      );
    }
    const upstream = this.#stage;
    return new Dataset<E>({
      columnNames: upstream.columnNames,
      size: () => upstream.size(),
      samples: (epoch) =>
        bufferedShuffle(
          upstream.samples(epoch),
          bufferSize ?? Number.POSITIVE_INFINITY,
          seededRandom(seed, epoch),
        ),
    });
  }

  /**
   * Groups consecutive elements into batches: each column of a batch is one contiguous array
   * (so one tensor) with a new leading axis. Rows of a column must share one shape.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   * import { Dataset } from '@gradkit/train';
   *
   * const ds = Dataset.fromTensors([tensor([1, 2, 3, 4, 5])]).batch(2, { dropRemainder: true });
   * ds.getDatasetSize(); // 2
   * ```
   */
  batch(size: number, options: BatchOptions = {}): Dataset<E> {
    if (!Number.isInteger(size) || size < 1) {
      throw new ValueError('Dataset.batch', 'size', `must be a positive integer, got ${size}`);
    }
    const dropRemainder = options.dropRemainder ?? false;
    const upstream = this.#stage;
    const names = upstream.columnNames;
    const flush = (rows: Sample[]): Sample => names.map((name, c) => stackColumn(rows, c, name));
    return new Dataset<E>({
      columnNames: names,
      size() {
        const rows = upstream.size();
        if (rows === undefined) return undefined;
        return dropRemainder ? Math.floor(rows / size) : Math.ceil(rows / size);
      },
      *samples(epoch) {
        let pending: Sample[] = [];
        for (const sample of upstream.samples(epoch)) {
          pending.push(sample);
          if (pending.length === size) {
            yield flush(pending);
            pending = [];
          }
        }
        if (pending.length > 0 && !dropRemainder) yield flush(pending);
      },
    });
  }

  /**
   * Applies operations to elements, as MindSpore's `dataset.map`. With transforms
   * (`vision.Rescale`, `vision.Normalize`, `vision.Pad`, `vision.Resize`, `vision.HWC2CHW`,
   * `transforms.TypeCast`, or your own `Transform`), they run in order on each of
   * `inputColumns` (default the first column) as plain arrays. With a function, it gets the
   * element as tensors and returns the new element's tensors (whose values are read back, and
   * all the tensors freed): convenient, but it makes tensors per element.
   *
   * @example
   * ```ts
   * import { mul, tensor } from '@gradkit/tensor';
   * import { Dataset, transforms } from '@gradkit/train';
   *
   * const ds = Dataset.fromTensors([tensor([[1], [2]]), tensor([0, 1], undefined, 'int32')], {
   *   columnNames: ['x', 'label'],
   * });
   * const cast = ds.map(new transforms.TypeCast('float32'), { inputColumns: 'label' });
   * const doubled = ds.map((x, label) => [mul(x, 2), label] as const);
   * ```
   */
  map<const F extends Element>(fn: (...element: E) => F): Dataset<F>;
  map(operations: Transform | readonly Transform[], options?: MapOptions): Dataset<E>;
  map(
    operations: Transform | readonly Transform[] | ((...element: E) => Element),
    options: MapOptions = {},
  ): Dataset<Element> {
    if (typeof operations === 'function') return this.#mapTensors(operations);
    const list = Array.isArray(operations) ? operations : [operations];
    list.forEach((operation, i) => {
      if (!(operation instanceof Transform)) {
        throw new ValueError(
          'Dataset.map',
          `operations[${i}]`,
          'must be a Transform (e.g. vision.Rescale) or the whole argument a function',
        );
      }
    });
    const upstream = this.#stage;
    const names = upstream.columnNames;
    const wanted =
      options.inputColumns === undefined
        ? [names[0]!]
        : typeof options.inputColumns === 'string'
          ? [options.inputColumns]
          : [...options.inputColumns];
    const indices = wanted.map((name) => {
      const index = names.indexOf(name);
      if (index < 0) {
        throw new ValueError(
          'Dataset.map',
          'inputColumns',
          `must name columns of the dataset (${names.join(', ')}), got '${name}'`,
        );
      }
      return index;
    });
    const operationsList = list as readonly Transform[];
    return new Dataset({
      columnNames: names,
      size: () => upstream.size(),
      *samples(epoch) {
        for (const sample of upstream.samples(epoch)) {
          const out = [...sample];
          for (const c of indices) {
            let column = out[c]!;
            for (const operation of operationsList) column = operation.apply(column);
            out[c] = column;
          }
          yield out;
        }
      },
    });
  }

  #mapTensors(fn: (...element: E) => Element): Dataset<Element> {
    const upstream = this.#stage;
    let names: readonly string[] = upstream.columnNames;
    return new Dataset({
      get columnNames() {
        return names;
      },
      size: () => upstream.size(),
      *samples(epoch) {
        for (const sample of upstream.samples(epoch)) {
          const inputs = toTensors(sample);
          let outputs: Element = [];
          try {
            outputs = scope(() => fn(...(inputs as unknown as E)));
            const columns = outputs.map(columnOfTensor);
            if (columns.length !== names.length) names = columns.map((_, i) => `column_${i}`);
            yield columns;
          } finally {
            dispose([...new Set([...inputs, ...outputs])]);
          }
        }
      },
    });
  }

  /**
   * Repeats the dataset `count` times per epoch, as MindSpore's `repeat`; each repetition is a
   * new pass (a shuffle before the repeat draws a new order for each).
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   * import { Dataset } from '@gradkit/train';
   *
   * Dataset.fromTensors([tensor([1, 2, 3])]).repeat(2).getDatasetSize(); // 6
   * ```
   */
  repeat(count: number): Dataset<E> {
    if (!Number.isInteger(count) || count < 1) {
      throw new ValueError('Dataset.repeat', 'count', `must be a positive integer, got ${count}`);
    }
    const upstream = this.#stage;
    return new Dataset<E>({
      columnNames: upstream.columnNames,
      size() {
        const rows = upstream.size();
        return rows === undefined ? undefined : rows * count;
      },
      *samples(epoch) {
        for (let pass = 0; pass < count; pass++) yield* upstream.samples(epoch * count + pass);
      },
    });
  }

  /**
   * The elements of epoch `epoch` as tensors (the plain iteration protocol counts epochs by
   * itself, starting at 0).
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   * import { Dataset } from '@gradkit/train';
   *
   * const ds = Dataset.fromTensors([tensor([1, 2, 3])]).shuffle(7);
   * const third = ds.createIterator(2); // the order of epoch 2, also in a resumed run
   * ```
   */
  createIterator(epoch: number): IterableIterator<E> {
    if (!Number.isInteger(epoch) || epoch < 0) {
      throw new ValueError(
        'Dataset.createIterator',
        'epoch',
        `must be an integer >= 0, got ${epoch}`,
      );
    }
    const samples = this.#stage.samples(epoch);
    return (function* () {
      for (const sample of samples) yield toTensors(sample) as unknown as E;
    })();
  }

  [Symbol.iterator](): Iterator<E> {
    return this.createIterator(this.#epoch++);
  }
}

function rowSource(
  columnNames: readonly string[],
  count: number,
  row: (index: number) => Sample,
  order?: (epoch: number) => ArrayLike<number>,
): DatasetStage {
  return {
    columnNames,
    size: () => count,
    *samples(epoch) {
      if (order === undefined) {
        for (let i = 0; i < count; i++) yield row(i);
        return;
      }
      const indices = order(epoch);
      for (let i = 0; i < indices.length; i++) yield row(indices[i]!);
    },
  };
}
