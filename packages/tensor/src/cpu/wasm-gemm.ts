import { activeThreads, runParts, splitRange, type WasmCall } from './thread-pool.js';
import { setWasmEnabled, WasmLayout, wasmRuntime } from './wasm-runtime.js';

/** Multiply-adds per thread below which splitting a product costs more than it saves. */
const MIN_PART_WORK = 1 << 18;

/**
 * The WebAssembly SIMD float32 GEMM (gemm.wat) behind the CPU backend's float32 matmul and
 * conv2d (see wasm-runtime.ts for loading); every call copies its operands into the module's
 * linear memory, which grows as needed and is reused.
 */

/** Element (r, c) of the matrix is values[offset + r * rowStride + c * colStride]. */
export interface StridedMatrix<T = ArrayLike<number>> {
  readonly values: T;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * Whether float32 products run in WebAssembly: the runtime supports WebAssembly SIMD and the
 * kernel has not been switched off with {@link setWasmGemmEnabled}. Loads the module.
 */
export function wasmGemmAvailable(): boolean {
  return wasmRuntime() !== null;
}

/**
 * Switches the WebAssembly kernels off (JS fallback everywhere) or back on. Internal: for tests
 * and benchmarks, not exported by the package.
 */
export const setWasmGemmEnabled: (on: boolean) => void = setWasmEnabled;

/**
 * Whether a float32 [m, k] x [k, n] product should run in WebAssembly: whenever it can and
 * k > 0. Measured against the JS kernel (Node 20, x64): the copies in and out of linear memory
 * and the call cost less than the JS kernel's packing even at 2x2x2 (0.8 vs 1.7 µs), and at
 * 8x8x8 it is 0.3 vs 4.7 µs, so there is no size threshold.
 */
export function preferWasmGemm(_m: number, k: number, _n: number): boolean {
  return k > 0 && wasmGemmAvailable();
}

/** Index of the last element of a rows x cols strided matrix, relative to its offset. */
function extent(rows: number, cols: number, a: StridedMatrix): number {
  return (rows - 1) * a.rowStride + (cols - 1) * a.colStride + 1;
}

/**
 * out[outOffset + i * n + j] = sum_p A(i, p) * B(p, j) for A [m, k] and B [k, n], in float32
 * with the SIMD kernel. Returns false, having written nothing, when the kernel is unavailable
 * or the operands would need more linear memory than it will take; the caller then computes
 * the product itself. m, n >= 1 and k >= 1.
 */
export function wasmGemm(
  m: number,
  k: number,
  n: number,
  a: StridedMatrix<Float32Array>,
  b: StridedMatrix<Float32Array>,
  out: Float32Array,
  outOffset: number,
): boolean {
  const wasm = wasmRuntime();
  if (wasm === null) return false;
  const aSize = extent(m, k, a);
  const bSize = extent(k, n, b);
  const layout = new WasmLayout();
  const aStart = layout.take(aSize);
  const bStart = layout.take(bSize);
  const cStart = layout.take(m * n);
  // Rows (or columns, for a wide product) split between threads: every element of C is summed
  // over k in the same order whatever the split, so the result does not depend on it.
  const byRows = m >= n;
  const parts = Math.max(
    1,
    Math.min(activeThreads(), byRows ? m : n, Math.floor((m * n * k) / MIN_PART_WORK)),
  );
  const ranges = splitRange(byRows ? m : n, parts);
  const work = ranges.map(() => layout.take(wasm.workBytes / 4) * 4);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(a.values.subarray(a.offset, a.offset + aSize), aStart);
  heap.set(b.values.subarray(b.offset, b.offset + bSize), bStart);
  const calls = ranges.map(([start, end], i): WasmCall[] => {
    const [aAt, bAt] = byRows
      ? [aStart + start * a.rowStride, bStart]
      : [aStart, bStart + start * b.colStride];
    const cAt = cStart + (byRows ? start * n : start);
    const [rows, cols] = byRows ? [end - start, n] : [m, end - start];
    return [
      {
        fn: 'gemm',
        args: [
          rows,
          cols,
          k,
          aAt * 4,
          a.rowStride,
          a.colStride,
          bAt * 4,
          b.rowStride,
          b.colStride,
          cAt * 4,
          n,
          work[i]!,
        ],
      },
    ];
  });
  runParts('matmul', calls);
  out.set(wasm.reserve(0)!.subarray(cStart, cStart + m * n), outOffset);
  return true;
}
