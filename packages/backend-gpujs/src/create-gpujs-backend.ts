import {
  type Backend,
  type BackendCapabilities,
  BackendError,
  type DataId,
  type DType,
  type ElementwiseExpression,
  type OutputInfo,
  type TensorInfo,
  type TypedArray,
} from '@gradkit/tensor';
import { type DeviceBuffer, fromFloat32, release, toFloat32, valuesOf } from './device-buffer.js';
import {
  type GpujsMode,
  type GpujsModeRequest,
  isGpujsModeRequest,
  keepsResultsOnHost,
  readsOnlyAsync,
} from './gpujs-mode.js';
import type { KernelValue } from './gpujs-types.js';
import {
  type FallbackPolicy,
  type KernelArgument,
  type KernelFallback,
  KernelRunner,
} from './kernel-runner.js';
import { buildKernelTable } from './kernel-table.js';
import { type SelectedMode, type SkippedMode, selectMode } from './select-mode.js';
import {
  constantsOf,
  fusedElementwisePlan,
  MAX_FUSED_INPUTS,
  MAX_FUSED_NODES,
  nodeCount,
} from './source/fused-elementwise.js';
import { sizeOf } from './source/index-math.js';
import { copyPlan } from './source/layout.js';
import type { KernelPlan } from './source/plan.js';

export interface GpujsBackendOptions {
  /** The gpu.js mode; `auto` (the default) picks the best that works here. */
  readonly mode?: GpujsModeRequest;
  /** What to do when gpu.js moves a kernel to another backend: throw (default) or warn. */
  readonly onFallback?: FallbackPolicy;
  /** How many compiled kernels to keep; the least recently used are destroyed. Default 512. */
  readonly maxCachedKernels?: number;
}

/** The fused kernel this backend offers, declared by @gradkit/tensor's interface. */
export interface GpujsCapabilities extends BackendCapabilities {
  /**
   * A tree of elementwise ops over broadcast inputs as one kernel: no intermediate buffers,
   * one launch. The output has the broadcast shape of the inputs and is float32; at most
   * 6 inputs (GL texture units) and 64 nodes (`fusedElementwiseLimits`). `fusedElementwise`
   * from @gradkit/tensor calls it, and composes the same tree of tensor ops
   * (`composeElementwise`) when it cannot.
   */
  readonly fusedElementwise: NonNullable<BackendCapabilities['fusedElementwise']>;
  readonly fusedElementwiseLimits: NonNullable<BackendCapabilities['fusedElementwiseLimits']>;
}

export interface GpujsBackend extends Backend {
  readonly name: 'gpujs';
  readonly capabilities: GpujsCapabilities;
  /** The mode that actually runs. */
  readonly mode: GpujsMode;
  /** Modes `auto` tried first, and why each was not used. */
  readonly skippedModes: readonly SkippedMode[];
  /** Kernels gpu.js moved to another backend (only with `onFallback: 'warn'`). */
  readonly fallbacks: readonly KernelFallback[];
  /** How many compiled kernels the cache holds. */
  compiledKernels(): number;
  dispose(): Promise<void>;
}

const DTYPES: readonly DType[] = ['bool', 'int32', 'float32'];

/**
 * A @gradkit/tensor backend on gpu.js. Every buffer holds float32 values; int32 and bool
 * are stored exactly (below 2^24) and converted on read. Results stay where the mode keeps
 * them (host arrays on cpu and webasm, textures or buffers on the device) until read.
 *
 * @example
 * ```ts
 * import { createGpujsBackend } from '@gradkit/backend-gpujs';
 * import { matmul, setBackend, tensor } from '@gradkit/tensor';
 *
 * const backend = await createGpujsBackend({ mode: 'auto' });
 * setBackend(backend);
 * const y = matmul(tensor([[1, 2]]), tensor([[3], [4]])); // computed by gpu.js
 * console.log(backend.mode, y.dataSync()); // e.g. 'webasm' Float32Array [11]
 * ```
 */
export async function createGpujsBackend(options: GpujsBackendOptions = {}): Promise<GpujsBackend> {
  const request = options.mode ?? 'auto';
  if (!isGpujsModeRequest(request)) {
    throw new BackendError(
      'createGpujsBackend',
      'mode',
      `is not a gpu.js mode: ${String(request)}`,
    );
  }
  return gpujsBackendOn(await selectMode(request), options);
}

/** @internal The backend on an opened gpu.js instance (tests pass instrumented ones). */
export function gpujsBackendOn(
  { mode, gpu, skipped }: SelectedMode,
  options: GpujsBackendOptions = {},
): GpujsBackend {
  const runner = new KernelRunner(
    gpu,
    mode,
    options.maxCachedKernels ?? 512,
    options.onFallback ?? 'throw',
  );
  const onHost = keepsResultsOnHost(mode);
  let buffers = 0;
  let bytes = 0;

  const adopt = (size: number, value: KernelArgument): DataId => {
    buffers++;
    bytes += size * 4;
    return { size, value } satisfies DeviceBuffer;
  };
  const bufferOf = (dataId: DataId) => dataId as DeviceBuffer;
  const runPlan = (plan: KernelPlan, outputSize: number, extra: readonly Float32Array[] = []) =>
    runner.run(
      plan.source,
      [...plan.inputs.map((x) => bufferOf(x.dataId).value), ...extra],
      outputSize,
      [...plan.inputs.map((x) => bufferOf(x.dataId).size), ...extra.map((e) => e.length)],
    );
  const launch = (plan: KernelPlan, outputSize: number): DataId =>
    adopt(outputSize, outputSize === 0 ? new Float32Array(0) : runPlan(plan, outputSize));
  const free = (dataId: DataId): void => {
    const buffer = bufferOf(dataId);
    buffers--;
    bytes -= buffer.size * 4;
    release(buffer.value);
  };

  const fusedElementwise = (
    inputs: readonly TensorInfo[],
    expression: ElementwiseExpression,
    output: OutputInfo,
  ): DataId => {
    const op = 'fusedElementwise';
    if (output.dtype !== 'float32')
      throw new BackendError(op, 'output', `must be float32, got ${output.dtype}`);
    if (inputs.length > MAX_FUSED_INPUTS)
      throw new BackendError(
        op,
        'inputs',
        `takes at most ${MAX_FUSED_INPUTS}, got ${inputs.length}`,
      );
    const nodes = nodeCount(expression);
    if (nodes > MAX_FUSED_NODES)
      throw new BackendError(op, 'expression', `has ${nodes} nodes; at most ${MAX_FUSED_NODES}`);
    checkInputIndices(op, expression, inputs.length);
    const size = sizeOf(output.shape);
    if (size === 0) return adopt(0, new Float32Array(0));
    const constants = constantsOf(expression);
    const extra = constants.length > 0 ? [Float32Array.from(constants)] : [];
    return adopt(size, runPlan(fusedElementwisePlan(inputs, expression, output), size, extra));
  };

  const readSyncValues = (buffer: DeviceBuffer): Float32Array => {
    if (readsOnlyAsync(mode) || buffer.value instanceof Promise) {
      throw new BackendError(
        'dataSync',
        undefined,
        `the gpujs backend in ${mode} mode reads results back asynchronously only; use await tensor.data()`,
      );
    }
    return valuesOf(buffer.value) as Float32Array;
  };

  return {
    name: 'gpujs',
    mode,
    skippedModes: skipped,
    fallbacks: runner.fallbacks,
    dtypes: DTYPES,
    kernels: buildKernelTable({ launch, free }),
    capabilities: {
      fusedElementwise,
      fusedElementwiseLimits: { maxInputs: MAX_FUSED_INPUTS, maxNodes: MAX_FUSED_NODES },
    },
    write(values: TypedArray, shape) {
      const host = toFloat32(values);
      const size = sizeOf(shape);
      if (onHost || size === 0) return adopt(size, host);
      // Upload once, so that kernels read a texture instead of re-uploading the array.
      const upload = { dataId: { size, value: host }, shape, dtype: 'float32' as const };
      return adopt(size, runPlan(copyPlan(upload), size));
    },
    async read(dataId, dtype, size) {
      const value: KernelValue = await bufferOf(dataId).value;
      return fromFloat32(await valuesOf(value), dtype, size);
    },
    readSync(dataId, dtype, size) {
      return fromFloat32(readSyncValues(bufferOf(dataId)), dtype, size);
    },
    readsSynchronously: !readsOnlyAsync(mode),
    free,
    memory: () => ({ buffers, bytes }),
    compiledKernels: () => runner.size,
    async dispose() {
      runner.destroy();
      await gpu.destroy();
    },
  };
}

function checkInputIndices(op: string, e: ElementwiseExpression, count: number): void {
  if (e.op === 'input') {
    if (!Number.isInteger(e.index) || e.index < 0 || e.index >= count)
      throw new BackendError(op, 'expression', `reads input ${e.index} of ${count}`);
  } else if (e.op === 'constant') {
    return;
  } else if ('x' in e) {
    checkInputIndices(op, e.x, count);
  } else {
    if ('condition' in e) checkInputIndices(op, e.condition, count);
    checkInputIndices(op, e.a, count);
    checkInputIndices(op, e.b, count);
  }
}
