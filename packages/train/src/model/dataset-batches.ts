import { captureCreated, Tensor, ValueError } from '@gradkit/tensor';
import { describeArgument } from '../cell/check-arguments.js';

/**
 * One pass over a dataset for Model. It frees the tensors the dataset made while it was
 * iterated, once they are done with: a batch when the next one is fetched (unless the
 * dataset yields it again) or when the pass ends. Tensors the dataset only passes on (the
 * caller's own `[x, y]`, yielded every epoch) are never freed, nor are those it made and has
 * not yielded yet (a shuffle reading ahead).
 */
export class DatasetBatches {
  readonly #iterator: Iterator<readonly Tensor[]>;
  readonly #made = new Set<Tensor>();
  #current: Tensor[] = [];
  #done = false;

  constructor(op: string, dataset: Iterable<readonly Tensor[]>) {
    if (typeof (dataset as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function') {
      throw new ValueError(
        op,
        'dataset',
        `must be iterable, yielding [input, label] batches (as Dataset.fromTensors([x, y]).batch(32), or an array of [x, y] pairs), got ${describeArgument(dataset)}`,
      );
    }
    this.#iterator = dataset[Symbol.iterator]();
  }

  /** The next batch, or undefined at the end; frees what the previous one no longer needs. */
  next(): readonly Tensor[] | undefined {
    if (this.#done) return undefined;
    const { result, created } = captureCreated(() => this.#iterator.next());
    for (const t of created) this.#made.add(t);
    const batch = result.done === true ? [] : result.value;
    const tensors = [...batch].filter((item): item is Tensor => item instanceof Tensor);
    this.#release(new Set(tensors));
    this.#current = tensors.filter((t) => this.#made.has(t));
    if (result.done === true) {
      this.#done = true;
      return undefined;
    }
    return batch;
  }

  /** Frees the current batch and ends the dataset's iterator (its `finally` blocks run). */
  close(): void {
    this.#release(new Set());
    if (!this.#done) {
      this.#done = true;
      this.#iterator.return?.();
    }
  }

  #release(stillUsed: ReadonlySet<Tensor>): void {
    for (const t of this.#current) {
      if (stillUsed.has(t)) continue;
      this.#made.delete(t);
      if (!t.isDisposed) t.dispose();
    }
    this.#current = [];
  }
}
