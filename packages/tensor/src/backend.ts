import type { DType, TypedArray } from './dtype.js';
import type { ElementwiseExpression } from './fused/expression-tree.js';
import type { Primitive, PrimitiveParams } from './primitives.js';
import type { Shape } from './shape.js';

/** An opaque handle to a buffer owned by a backend. */
export type DataId = object;

/** What a kernel sees of a tensor: its buffer, shape and dtype (row-major, contiguous). */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** The output a kernel must produce; shape and dtype are validated by @gradkit/tensor first. */
export interface OutputInfo {
  readonly shape: Shape;
  readonly dtype: DType;
  /**
   * A buffer of this shape and dtype that the kernel may write its output into and return,
   * instead of a new one: a donated input's (see `donate`), offered to elementwise kernels
   * and fused capabilities only. Each output element may depend only on the input elements
   * at the same index of this buffer, so reading them before writing is safe. A kernel
   * that ignores it returns a new buffer as usual.
   */
  readonly into?: DataId;
}

/**
 * A kernel computes one primitive. Inputs are already validated, broadcast-compatible and
 * of the dtypes the op requires; the kernel returns a new buffer holding the output.
 */
export type Kernel<P extends Primitive> = (
  inputs: readonly TensorInfo[],
  params: PrimitiveParams[P],
  output: OutputInfo,
) => DataId;

/** Every primitive must have a kernel: a missing one is a compile error. */
export type KernelTable = { readonly [P in Primitive]: Kernel<P> };

export interface BackendMemory {
  /** Buffers the backend holds. */
  readonly buffers: number;
  /** Bytes those buffers hold. */
  readonly bytes: number;
}

/**
 * Kernels a backend may offer beyond the primitives. Callers fall back to composing
 * primitives when one is missing, so results must match the composed path.
 */
export interface BackendCapabilities {
  /**
   * A tree of elementwise ops (see `ElementwiseExpression`) as one kernel: no intermediate
   * buffers. `inputs` broadcast to `output.shape`, their broadcast shape; `output.dtype` is
   * float32, in which every value is computed (comparisons give 0 or 1, `where` picks `a`
   * where its condition is not 0). `fusedElementwise` from @gradkit/tensor checks the tree
   * (known ops, input indices in range) and the inputs first. Must match
   * `composeElementwise` within float32 tolerance.
   */
  readonly fusedElementwise?: (
    inputs: readonly TensorInfo[],
    expression: ElementwiseExpression,
    output: OutputInfo,
  ) => DataId;
  /**
   * Several trees over the same inputs in one pass, one output each (see
   * `fusedElementwiseOutputs` in @gradkit/tensor): as `fusedElementwise` for each tree, but
   * every element's inputs are read before any output is written, so `outputs[k].into` may
   * be an input's buffer (a donated one). Backends without it get one `fusedElementwise`
   * call per tree.
   */
  readonly fusedElementwiseOutputs?: (
    inputs: readonly TensorInfo[],
    expressions: readonly ElementwiseExpression[],
    outputs: readonly OutputInfo[],
  ) => readonly DataId[];
  /**
   * The largest trees `fusedElementwise` takes; `fusedElementwise` from @gradkit/tensor
   * composes bigger ones instead. No limits when absent.
   */
  readonly fusedElementwiseLimits?: {
    /** At most this many inputs. */
    readonly maxInputs: number;
    /** At most this many nodes (a subtree reached twice counts twice). */
    readonly maxNodes: number;
  };
}

/**
 * The buffer-level contract a device implements. Everything else in @gradkit/tensor is
 * composed from these primitives, so a new backend only needs this interface.
 */
export interface Backend {
  /** A short name such as `cpu` or `gpujs`. */
  readonly name: string;
  /** Dtypes the backend can store and compute with. */
  readonly dtypes: readonly DType[];
  /** Copies host values (already in the storage type of `dtype`) into a new buffer. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId;
  /** Reads a buffer back to the host. */
  read(dataId: DataId, dtype: DType, size: number): Promise<TypedArray>;
  /** Reads a buffer synchronously; a backend that cannot do so throws a BackendError. */
  readSync(dataId: DataId, dtype: DType, size: number): TypedArray;
  /**
   * False on a backend whose `readSync` always throws (WebGPU reads back asynchronously
   * only): ops then skip the checks that would read values on the host. Default true.
   */
  readonly readsSynchronously?: boolean;
  /** Frees a buffer. Called exactly once per buffer. */
  free(dataId: DataId): void;
  /** The kernels of every primitive. */
  readonly kernels: KernelTable;
  /** What the backend holds now. */
  memory(): BackendMemory;
  /** Optional fused kernels that callers may use when present, with a composed fallback. */
  readonly capabilities?: BackendCapabilities;
  /** Releases every resource of the backend. */
  dispose?(): void | Promise<void>;
}
