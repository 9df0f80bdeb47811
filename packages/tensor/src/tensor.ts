import type { Backend } from './backend.js';
import { acquire, type BufferRecord, release, unwatch, watch } from './buffer.js';
import type { DType, TypedArray } from './dtype.js';
import { DisposedError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import { type NestedArray, toNested } from './nested.js';
import { type Shape, shapeSize } from './shape.js';

let nextId = 0;

/**
 * An immutable n-d array on a backend. Ops return new tensors; a tensor's values never
 * change. Call `dispose()` (or use `scope`) to free its buffer early; a forgotten tensor
 * is freed when it is garbage collected.
 *
 * @example
 * ```ts
 * import { Tensor, tensor } from '@gradkit/tensor';
 *
 * const x: Tensor = tensor([[1, 2], [3, 4]]);
 * x.shape; // [2, 2]
 * x.dtype; // 'float32'
 * x.toArray(); // [[1, 2], [3, 4]]
 * const values = await x.data(); // Float32Array [1, 2, 3, 4]
 * x.dispose();
 * ```
 */
export class Tensor {
  /** A process-unique id, handy in debugging and in leak reports. */
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** @internal */
  readonly buffer: BufferRecord;
  private disposed = false;
  private watched = false;
  /** @internal Set by `donate`: the next op that takes this tensor may reuse its buffer. */
  donated = false;
  /** The op this tensor was donated to, once it has been disposed by it. */
  private donatedTo: string | undefined;

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(buffer: BufferRecord, shape: Shape, dtype: DType) {
    this.id = nextId++;
    this.buffer = buffer;
    // A frozen shape (another tensor's, most often) is shared, not copied.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = shapeSize(shape);
    acquire(buffer);
  }

  get rank(): number {
    return this.shape.length;
  }

  get backend(): Backend {
    return this.buffer.backend;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Throws a DisposedError naming `op` if this tensor was disposed. */
  assertLive(op: string, argument = 'x'): void {
    if (this.disposed) {
      throw new DisposedError(
        op,
        argument,
        `is a disposed tensor (id ${this.id}, shape [${this.shape.join(', ')}]); ${this.donatedTo === undefined ? 'it was freed by dispose() or by the scope that created it' : `it was donated to ${this.donatedTo}() and disposed`}`,
      );
    }
  }

  /** Reads the values (a copy) asynchronously; works on every backend. */
  async data(): Promise<TypedArray> {
    this.assertLive('data');
    const values = await this.backend.read(this.buffer.dataId, this.dtype, this.size);
    return values.slice();
  }

  /** Reads the values (a copy) synchronously; throws on backends that only read asynchronously. */
  dataSync(): TypedArray {
    this.assertLive('dataSync');
    return this.backend.readSync(this.buffer.dataId, this.dtype, this.size).slice();
  }

  /** The values as nested arrays (booleans for `bool`). */
  toArray(): NestedArray {
    this.assertLive('toArray');
    return toNested(this.dataSync(), this.shape, this.dtype === 'bool');
  }

  /** The single value of a one-element tensor. */
  item(): number | boolean {
    this.assertLive('item');
    if (this.size !== 1) {
      throw new ValueError(
        'item',
        'x',
        `must hold exactly one element, got shape [${this.shape.join(', ')}] (${this.size} elements)`,
      );
    }
    const value = this.dataSync()[0]!;
    return this.dtype === 'bool' ? value !== 0 : value;
  }

  /** Frees this tensor's hold on its buffer. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.watched) unwatch(this);
    release(this.buffer);
  }

  /** @internal Disposes a donated tensor, remembering which op it was donated to. */
  disposeAsDonated(op: string): void {
    if (this.disposed) return;
    this.donatedTo = op;
    this.donated = false;
    this.dispose();
  }

  /**
   * @internal Registers this tensor with the garbage-collection backstop, once. Tensors a
   * scope owns are registered only if they outlive it: registering costs more than most ops.
   */
  watchForLeaks(): void {
    if (this.watched || this.disposed) return;
    this.watched = true;
    watch(this, this.buffer);
  }

  toString(): string {
    if (this.disposed) return `Tensor(<disposed>, shape=[${this.shape.join(', ')}])`;
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }
}
