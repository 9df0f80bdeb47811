import { type AsyncContext, createAsyncContext } from './async-context.js';
import type { Backend, DataId, OutputInfo, TensorInfo } from './backend.js';
import { assertBackend } from './backend-check.js';
import { createBuffer } from './buffer.js';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { donorAmong, settleDonations } from './donation.js';
import { bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { BackendError } from './errors.js';
import { currentObserver } from './observer.js';
import {
  BINARY_PRIMITIVES,
  type Primitive,
  type PrimitiveParams,
  UNARY_PRIMITIVES,
} from './primitives.js';
import { currentOpDepth, trackCreated } from './scope.js';
import { type Shape, shapeSize } from './shape.js';
import { sharedState } from './shared-state.js';
import { Tensor } from './tensor.js';

interface BackendState {
  readonly context: AsyncContext<Backend>;
  global: Backend | undefined;
}

let backendState: BackendState | undefined;
// One backend setting for every copy of the package in the process (see shared-state.ts).
function backends(): BackendState {
  backendState ??= sharedState<BackendState>('backend', () => ({
    context: createAsyncContext<Backend>(),
    global: undefined,
  }));
  return backendState;
}

/**
 * Makes `backend` the one new tensors are created on. Nothing is chosen at import time.
 *
 * @example
 * ```ts
 * import { createCpuBackend, setBackend } from '@gradkit/tensor';
 *
 * setBackend(createCpuBackend());
 * ```
 */
export function setBackend(backend: Backend): void {
  assertBackend('setBackend', backend);
  backends().global = backend;
}

/**
 * The backend in force: the one `withBackend` set for this flow, else `setBackend`'s, else a CPU backend made on first use.
 *
 * @example
 * ```ts
 * import { getBackend } from '@gradkit/tensor';
 *
 * const backend = getBackend();
 * console.log(backend.name);
 * ```
 */
export function getBackend(): Backend {
  const state = backends();
  const scoped = state.context.get();
  if (scoped !== undefined) return scoped;
  state.global ??= createCpuBackend();
  return state.global;
}

/**
 * Runs `fn` (sync or async) with `backend` in force, then restores the previous one.
 *
 * @example
 * ```ts
 * import { createCpuBackend, tensor, withBackend } from '@gradkit/tensor';
 *
 * const cpu = createCpuBackend();
 * const y = withBackend(cpu, () => tensor([1, 2]).backend === cpu); // true
 * ```
 */
export function withBackend<R>(backend: Backend, fn: () => R): R {
  assertBackend('withBackend', backend);
  return backends().context.run(backend, fn);
}

function describe(backend: Backend): string {
  return `the ${backend.name} backend`;
}

function assertDTypeSupported(op: string, backend: Backend, dtype: DType): void {
  if (!backend.dtypes.includes(dtype)) {
    throw new BackendError(
      op,
      undefined,
      `the ${backend.name} backend does not support dtype ${dtype} (it supports ${backend.dtypes.join(', ')})`,
    );
  }
}

function wrap(backend: Backend, dataId: object, shape: Shape, dtype: DType): Tensor {
  const buffer = createBuffer(backend, dataId, shapeSize(shape) * bytesPerElement(dtype));
  const result = new Tensor(buffer, shape, dtype);
  trackCreated(result);
  return result;
}

/** @internal Uploads host values (in `dtype`'s storage type) as a new tensor, on `backend` or the one in force. */
export function fromStorage(
  op: string,
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  backend: Backend = getBackend(),
): Tensor {
  assertDTypeSupported(op, backend, dtype);
  return wrap(backend, backend.write(values, shape, dtype), shape, dtype);
}

/** Primitives whose output element i reads only element i of same-shaped inputs. */
const ELEMENTWISE: ReadonlySet<string> = new Set<string>([
  ...UNARY_PRIMITIVES,
  ...BINARY_PRIMITIVES,
  'where',
]);

/**
 * @internal Finds the donated input an output may be written into (see `donate`) and notes
 * every donated input for disposal. `reusable` is false where the op cannot write in place.
 */
export function findDonor(
  op: string,
  inputs: readonly Tensor[],
  output: OutputInfo,
  reusable: boolean,
): Tensor | undefined {
  let donated = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.donated) donated = true;
  if (!donated) return undefined;
  // Only for an op the user called (inside a composite op the input may be read again) and
  // never while a tape records (it keeps the inputs of what it sees).
  const safe = reusable && currentOpDepth() <= 1 && currentObserver() === undefined;
  return donorAmong(op, inputs, output.shape, output.dtype, safe);
}

/**
 * @internal The tensor for a kernel's output: the donor's buffer when the kernel wrote into
 * it (the donor is then disposed), a new buffer otherwise.
 */
export function adoptOutputOf(
  op: string,
  backend: Backend,
  dataId: DataId,
  output: OutputInfo,
  donor: Tensor | undefined,
): Tensor {
  if (donor === undefined || dataId !== donor.buffer.dataId) {
    return wrap(backend, dataId, output.shape, output.dtype);
  }
  const result = new Tensor(donor.buffer, output.shape, output.dtype);
  trackCreated(result);
  donor.disposeAsDonated(op);
  return result;
}

/** @internal Settles donations at once when a capability runs outside any op. */
export function settleDonationsOutsideOps(): void {
  if (currentOpDepth() === 0) settleDonations(true);
}

/** @internal A new tensor sharing `x`'s buffer with another shape (same size). */
export function view(x: Tensor, shape: Shape): Tensor {
  const result = new Tensor(x.buffer, shape, x.dtype);
  trackCreated(result);
  return result;
}

/**
 * @internal Runs one primitive. Callers (the ops) have validated the inputs and computed
 * the output's shape and dtype; this checks liveness and backends and dispatches.
 */
export function runPrimitive<P extends Primitive>(
  primitive: P,
  inputs: readonly Tensor[],
  params: PrimitiveParams[P],
  output: OutputInfo,
  argumentNames?: readonly string[],
): Tensor {
  const backend = inputs[0]?.backend ?? getBackend();
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    // The argument's name is built only for an error.
    if (input.isDisposed) input.assertLive(primitive, argumentNames?.[i] ?? `#${i}`);
    if (input.backend !== backend) {
      const name = argumentNames?.[i] ?? `#${i}`;
      throw new BackendError(
        primitive,
        name,
        `lives on ${describe(input.backend)} but other inputs live on ${input.backend.name === backend.name ? `another ${backend.name} backend instance` : describe(backend)}; move them to one backend with x.toBackend(backend) first`,
      );
    }
  }
  assertDTypeSupported(primitive, backend, output.dtype);
  const kernel = backend.kernels[primitive];
  const donor = findDonor(primitive, inputs, output, ELEMENTWISE.has(primitive));
  const dataId = kernel(
    inputs.map((t) => ({ dataId: t.buffer.dataId, shape: t.shape, dtype: t.dtype })),
    params,
    donor === undefined
      ? output
      : { shape: output.shape, dtype: output.dtype, into: donor.buffer.dataId },
  );
  const result = adoptOutputOf(primitive, backend, dataId, output, donor);
  currentObserver()?.onPrimitive(primitive, inputs, params, result);
  return result;
}

/**
 * @internal Checks inputs of a fused capability (at least one, live, one backend) and
 * passes their infos, one argument per input.
 */
export function runCapability<const T extends readonly Tensor[], R>(
  op: string,
  inputs: T,
  kernel: (...infos: { [K in keyof T]: TensorInfo }) => R,
): R {
  const backend = inputs[0]?.backend;
  if (backend === undefined) throw new BackendError(op, undefined, 'needs at least one input');
  for (const input of inputs) {
    input.assertLive(op);
    if (input.backend !== backend) {
      throw new BackendError(
        op,
        undefined,
        'needs all inputs on one backend; move them there with x.toBackend(backend) first',
      );
    }
  }
  const infos = inputs.map((t) => ({
    dataId: t.buffer.dataId,
    shape: t.shape,
    dtype: t.dtype,
  }));
  return kernel(...(infos as { [K in keyof T]: TensorInfo }));
}

/**
 * @internal A new tensor owning `dataId`, a buffer `backend` made that no tensor holds yet
 * (a kernel's output), or `donor`'s buffer when the kernel wrote into it (`donor` is then
 * disposed as donated to `op`). @gradkit/jit wraps the outputs of a replayed graph this way.
 */
export function tensorFromBuffer(
  op: string,
  backend: Backend,
  dataId: DataId,
  output: OutputInfo,
  donor?: Tensor,
): Tensor {
  return adoptOutputOf(op, backend, dataId, output, donor);
}

/** @internal Wraps a buffer a capability produced as a new tensor. */
export function adoptOutput(backend: Backend, dataId: object, output: OutputInfo): Tensor {
  return wrap(backend, dataId, output.shape, output.dtype);
}

/**
 * A new handle on `x`'s buffer that no scope owns: it stays valid after `x` is disposed
 * or its scope ends, until the handle itself is disposed. Autograd keeps the tensors its
 * backward pass needs this way.
 *
 * @example
 * ```ts
 * import { retain, scope, tensor } from '@gradkit/tensor';
 *
 * const kept = scope(() => {
 *   const x = tensor([1, 2, 3]);
 *   const handle = retain(x);
 *   return [handle.dataSync()] as const;
 * });
 * ```
 */
export function retain(x: Tensor): Tensor {
  x.assertLive('retain');
  const handle = new Tensor(x.buffer, x.shape, x.dtype);
  handle.watchForLeaks();
  return handle;
}
