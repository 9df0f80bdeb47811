import type { Backend } from './backend.js';
import { assertBackend } from './backend-check.js';
import { acquire, type BufferRecord, createBuffer, release, unwatch, watch } from './buffer.js';
import { bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { BackendError, DisposedError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import { type NestedArray, toNested } from './nested.js';
import { currentObserver } from './observer-context.js';
import { trackCreated } from './scope-state.js';
import { type Shape, shapeSize } from './shape.js';
import { sharedState, TENSOR_BRAND } from './shared-state.js';

// Ids are unique across every copy of the package in the process (see shared-state.ts).
let ids: { next: number } | undefined;
function nextId(): number {
  ids ??= sharedState('tensor-ids', () => ({ next: 0 }));
  return ids.next++;
}

/** The key Node's `util.inspect` (and so `console.log`) looks for; browsers ignore it. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * What `item()` returns for a dtype: a boolean for a tensor statically known to be bool
 * (from `tensor([true])`, comparisons, logical ops, `cast(x, 'bool')`), a number otherwise.
 * The types track only bool-ness: numeric tensors are all `Tensor` (so results of ops can
 * be assigned back to a variable), and a bool tensor that went through a shape op such as
 * `reshape` is a plain `Tensor` again, whose `item()` still returns a boolean at run time.
 * An untyped `Tensor<any>` (what `instanceof` gives for `unknown`) counts as numeric.
 *
 * @example
 * ```ts
 * import type { ItemValue } from '@gradkit/tensor';
 *
 * const loss: ItemValue<'float32'> = 0.25; // number
 * const flag: ItemValue<'bool'> = true; // boolean
 * ```
 */
export type ItemValue<D extends DType> = [D] extends ['bool']
  ? [D] extends ['float32']
    ? number
    : boolean
  : number;

/**
 * The static dtype of a tensor made with `dtype`: `'bool'` stays `'bool'`, every other dtype
 * widens to `DType` (see `ItemValue`).
 *
 * @example
 * ```ts
 * import type { StaticDType } from '@gradkit/tensor';
 *
 * const dtype: StaticDType<'bool'> = 'bool';
 * ```
 */
export type StaticDType<D extends DType> = [D] extends ['bool']
  ? [D] extends ['float32']
    ? DType
    : 'bool'
  : DType;

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
export class Tensor<D extends DType = DType> {
  /** A process-unique id, handy in debugging and in leak reports. */
  readonly id: number;
  readonly shape: Shape;
  /** The element type; statically `'bool'` where the types know it (see `ItemValue`). */
  readonly dtype: D;
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

  /**
   * True for a tensor made by any copy of this package loaded in the process (its ESM and
   * CommonJS builds, or two installs), not only by this copy's class.
   *
   * @example
   * ```ts
   * import { Tensor, tensor } from '@gradkit/tensor';
   *
   * tensor([1, 2]) instanceof Tensor; // true
   * ```
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // A subclass keeps the ordinary prototype-chain test.
    // biome-ignore lint/complexity/noThisInStatic: the receiver tells Tensor from a subclass.
    if (this !== Tensor) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && TENSOR_BRAND in value;
  }

  /** @internal The brand that `instanceof Tensor` looks for. */
  get [TENSOR_BRAND](): true {
    return true;
  }

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(buffer: BufferRecord, shape: Shape, dtype: D) {
    this.id = nextId();
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
    currentObserver<Tensor>()?.onRead?.('data', this);
    const values = await this.backend.read(this.buffer.dataId, this.dtype, this.size);
    return values.slice();
  }

  /** Reads the values (a copy) synchronously; throws on backends that only read asynchronously. */
  dataSync(): TypedArray {
    this.assertLive('dataSync');
    currentObserver<Tensor>()?.onRead?.('dataSync', this);
    return this.backend.readSync(this.buffer.dataId, this.dtype, this.size).slice();
  }

  /** The values as nested arrays (booleans for `bool`). */
  toArray(): NestedArray {
    this.assertLive('toArray');
    currentObserver<Tensor>()?.onRead?.('toArray', this);
    return toNested(this.dataSync(), this.shape, this.dtype === 'bool');
  }

  /**
   * The single value of a one-element tensor: a number, or a boolean for bool tensors.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   *
   * const value: number = tensor([1.5]).item(); // 1.5
   * const flag: boolean = tensor([true]).item();
   * ```
   */
  item(): ItemValue<D> {
    this.assertLive('item');
    if (this.size !== 1) {
      throw new ValueError(
        'item',
        'x',
        `must hold exactly one element, got shape [${this.shape.join(', ')}] (${this.size} elements)`,
      );
    }
    currentObserver<Tensor>()?.onRead?.('item', this);
    const value = this.dataSync()[0]!;
    return (this.dtype === 'bool' ? value !== 0 : value) as ItemValue<D>;
  }

  /**
   * A copy in a new buffer: same values, dtype, shape and backend. Under autograd the copy
   * passes gradients through to this tensor, as PyTorch's `clone`.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   *
   * const x = tensor([1, 2]);
   * const y = x.clone();
   * x.dispose();
   * y.toArray(); // [1, 2]: y has its own buffer
   * ```
   */
  clone(): Tensor<D> {
    this.assertLive('clone');
    const params = { dtype: this.dtype as DType };
    const info = { dataId: this.buffer.dataId, shape: this.shape, dtype: this.dtype };
    // A same-dtype cast copies the buffer; autograd records it with the cast rule.
    const dataId = this.backend.kernels.cast([info], params, {
      shape: this.shape,
      dtype: this.dtype,
    });
    const result = adopt(this.backend, dataId, this.shape, this.dtype);
    currentObserver<Tensor>()?.onPrimitive('cast', [this], params, result);
    return result;
  }

  /**
   * A copy of this tensor on `backend` (another CPU backend instance, a gpu.js backend from
   * @gradkit/backend-gpujs, ...), for combining it with tensors that live there; ops refuse
   * inputs from two backends. Always a new tensor, also when `backend` is this tensor's
   * own. The values are read back synchronously, so the source backend must allow that
   * (read with `await x.data()` and make a tensor with `withBackend` otherwise). The copy
   * is a constant to autograd: gradients do not flow back across backends.
   *
   * @example
   * ```ts
   * import { add, createCpuBackend, tensor, withBackend } from '@gradkit/tensor';
   *
   * const other = createCpuBackend();
   * const x = tensor([1, 2]);
   * const y = withBackend(other, () => tensor([3, 4]));
   * add(x.toBackend(other), y).toArray(); // [4, 6], on `other`
   * ```
   */
  toBackend(backend: Backend): Tensor<D> {
    this.assertLive('toBackend');
    assertBackend('toBackend', backend);
    if (backend === this.backend) return this.clone();
    if (!backend.dtypes.includes(this.dtype)) {
      throw new BackendError(
        'toBackend',
        'backend',
        `(${backend.name}) does not support dtype ${this.dtype} (it supports ${backend.dtypes.join(', ')}); cast first`,
      );
    }
    if (this.backend.readsSynchronously === false) {
      throw new BackendError(
        'toBackend',
        'x',
        `lives on the ${this.backend.name} backend, which reads back asynchronously only; read it with await x.data() and make a tensor from the values under withBackend`,
      );
    }
    const values = this.backend.readSync(this.buffer.dataId, this.dtype, this.size);
    const dataId = backend.write(values.slice(), this.shape, this.dtype);
    return adopt(backend, dataId, this.shape, this.dtype);
  }

  /**
   * The values as nested arrays, so `JSON.stringify(x)` writes them (`[[1,2],[3,4]]`);
   * dtype and shape are not kept: save trees with `treeToJSON` for a lossless form.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   *
   * JSON.stringify({ w: tensor([[1, 2], [3, 4]]) }); // '{"w":[[1,2],[3,4]]}'
   * ```
   */
  toJSON(): NestedArray {
    return this.toArray();
  }

  /** What `console.log` shows in Node: the same text as `toString()`. */
  [INSPECT](): string {
    return this.toString();
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

  /**
   * The dtype, shape and values, summarised with `...` past 1000 elements, as
   * `Tensor([[1., 2.], [3., 4.]], dtype=float32, shape=[2, 2])`; a disposed tensor says so.
   * On a backend that reads back asynchronously only, the values are left out.
   *
   * @example
   * ```ts
   * import { tensor } from '@gradkit/tensor';
   *
   * String(tensor([1, 2])); // 'Tensor([1., 2.], dtype=float32, shape=[2])'
   * ```
   */
  toString(): string {
    if (this.disposed) {
      return `Tensor(<disposed>, dtype=${this.dtype}, shape=[${this.shape.join(', ')}])`;
    }
    if (this.backend.readsSynchronously === false) {
      return `Tensor(<on ${this.backend.name}>, dtype=${this.dtype}, shape=[${this.shape.join(', ')}])`;
    }
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }
}

/** Wraps a buffer a backend returned as a new tensor owned by the current scope. */
function adopt<D extends DType>(
  backend: Backend,
  dataId: object,
  shape: Shape,
  dtype: D,
): Tensor<D> {
  const buffer = createBuffer(backend, dataId, shapeSize(shape) * bytesPerElement(dtype));
  const result = new Tensor(buffer, shape, dtype);
  trackCreated(result);
  return result;
}
