import type { Backend, DataId, Kernel, KernelTable } from '../backend.js';
import { allocate, DTYPES, type DType } from '../dtype.js';
import { ValueError } from '../errors.js';
import { BINARY_PRIMITIVES, type Primitive, UNARY_PRIMITIVES } from '../primitives.js';
import { ARITHMETIC_LOOPS } from './arithmetic-loops.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './conv2d.js';
import { type CpuData, wrapValues } from './cpu-data.js';
import {
  BINARY_FUNCTIONS,
  binaryKernel,
  castKernel,
  UNARY_FUNCTIONS,
  unaryKernel,
  whereKernel,
} from './elementwise.js';
import { createCpuFusedElementwise } from './fused-elementwise.js';
import { gatherKernel, scatterAddKernel } from './gather.js';
import {
  broadcastToKernel,
  concatKernel,
  padKernel,
  sliceKernel,
  transposeKernel,
} from './layout.js';
import { matmulKernel } from './matmul.js';
import { recycle, takeOutput } from './output-pool.js';
import {
  avgPool2dBackpropKernel,
  avgPool2dKernel,
  maxPool2dBackpropKernel,
  maxPool2dKernel,
} from './pool2d.js';
import { argReduceKernel, reduceKernel } from './reduce.js';
import { defaultCpuThreads, setActiveThreads } from './thread-pool.js';

function buildKernels(): KernelTable {
  const unary = Object.fromEntries(
    UNARY_PRIMITIVES.map((p) => [p, unaryKernel(UNARY_FUNCTIONS[p], p)]),
  );
  const binary = Object.fromEntries(
    BINARY_PRIMITIVES.map((p) => [p, binaryKernel(BINARY_FUNCTIONS[p], ARITHMETIC_LOOPS[p], p)]),
  );
  return {
    ...(unary as Pick<KernelTable, (typeof UNARY_PRIMITIVES)[number]>),
    ...(binary as Pick<KernelTable, (typeof BINARY_PRIMITIVES)[number]>),
    sum: reduceKernel('sum'),
    prod: reduceKernel('prod'),
    max: reduceKernel('max'),
    min: reduceKernel('min'),
    argmax: argReduceKernel('argmax'),
    argmin: argReduceKernel('argmin'),
    where: whereKernel,
    cast: castKernel,
    matmul: matmulKernel,
    transpose: transposeKernel,
    broadcastTo: broadcastToKernel,
    slice: sliceKernel,
    pad: padKernel,
    concat: concatKernel,
    gather: gatherKernel,
    scatterAdd: scatterAddKernel,
    conv2d: conv2dKernel,
    conv2dBackpropInput: conv2dBackpropInputKernel,
    conv2dBackpropFilter: conv2dBackpropFilterKernel,
    maxPool2d: maxPool2dKernel,
    maxPool2dBackprop: maxPool2dBackpropKernel,
    avgPool2d: avgPool2dKernel,
    avgPool2dBackprop: avgPool2dBackpropKernel,
  };
}

/** Options of {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /**
   * Threads for the float32 WebAssembly kernels (matmul, conv2d and its gradients, pooling and
   * its gradients, fused elementwise passes over large arrays), the calling thread included; default {@link defaultCpuThreads}, the
   * available cores. Worker threads share one WebAssembly memory (SharedArrayBuffer): Node, or
   * a cross-origin isolated page; elsewhere the backend runs on one thread and says why once.
   */
  readonly threads?: number;
}

/**
 * The reference backend: plain TypeScript over typed arrays, every dtype including float64,
 * with WebAssembly SIMD kernels for float32 where the runtime has them, spread over `threads`
 * threads. Ops stay synchronous: the calling thread works on its share, then waits.
 *
 * Work is split into fixed parts by the thread count and the sizes alone, so the same inputs
 * and thread count give the same bits run after run. Between thread counts, results are the
 * same (fused elementwise passes included) except for conv2d's filter gradient, whose per-thread sums are added at the end: it may
 * differ in the last bits.
 *
 * @example
 * ```ts
 * import { createCpuBackend, setBackend, withBackend, tensor } from '@gradkit/tensor';
 *
 * setBackend(createCpuBackend({ threads: 2 }));
 * const y = withBackend(createCpuBackend(), () => tensor([1, 2, 3], undefined, 'float64'));
 * ```
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend {
  const threads = options.threads ?? defaultCpuThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValueError(
      'createCpuBackend',
      'threads',
      `must be a positive integer, got ${String(threads)}`,
    );
  }
  let buffers = 0;
  let bytes = 0;
  const count = (dataId: DataId): DataId => {
    buffers++;
    bytes += (dataId as CpuData).values.byteLength;
    return dataId;
  };
  // Every kernel output is a new buffer: count it so memory() reports what the backend holds.
  const kernels = Object.fromEntries(
    Object.entries(buildKernels()).map(([name, kernel]) => [
      name,
      (...args: Parameters<Kernel<Primitive>>) => {
        setActiveThreads(threads);
        const dataId = (kernel as Kernel<Primitive>)(...args);
        // A kernel that wrote into a donated buffer made none.
        return dataId === args[2].into ? dataId : count(dataId);
      },
    ]),
  ) as unknown as KernelTable;
  const fused = createCpuFusedElementwise();
  return {
    name: 'cpu',
    dtypes: DTYPES,
    kernels,
    capabilities: {
      fusedElementwise: (inputs, expression, output) => {
        setActiveThreads(threads);
        const dataId = fused(inputs, [expression], [output])[0]!;
        return dataId === output.into ? dataId : count(dataId);
      },
      fusedElementwiseOutputs: (inputs, expressions, outputs) => {
        setActiveThreads(threads);
        const dataIds = fused(inputs, expressions, outputs);
        return dataIds.map((dataId, k) => (dataId === outputs[k]!.into ? dataId : count(dataId)));
      },
    },
    write(values, _shape, dtype: DType) {
      const copy =
        dtype === 'float32' ? takeOutput(dtype, values.length) : allocate(dtype, values.length);
      copy.set(values);
      return count(wrapValues(copy));
    },
    async read(dataId) {
      // A copy: the buffer may be freed, and reused, before the caller resumes.
      return (dataId as CpuData).values.slice();
    },
    readSync(dataId) {
      return (dataId as CpuData).values;
    },
    free(dataId) {
      buffers--;
      bytes -= (dataId as CpuData).values.byteLength;
      recycle((dataId as CpuData).values);
    },
    memory: () => ({ buffers, bytes }),
  };
}
