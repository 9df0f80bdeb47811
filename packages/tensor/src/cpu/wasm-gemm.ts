import { activeThreads, runParts, splitRange } from './thread-pool.js';
import type { WasmCall } from './wasm-calls.js';
import { setWasmEnabled, WasmLayout, wasmRuntime } from './wasm-runtime.js';
import { residentStart } from './wasm-staging.js';

/** Multiply-adds per thread below which splitting a product costs more than it saves. */
const MIN_PART_WORK = 1 << 18;

/**
 * The WebAssembly SIMD float32 GEMM (gemm.wat) behind the CPU backend's float32 matmul and
 * conv2d (see wasm-runtime.ts for loading); every call copies its operands into the module's
 * linear memory, which grows as needed and is reused, unless they already live there (arena
 * arrays), and then reads and writes them in place.
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
  // Operands and the result that live in the kernels' memory (arena arrays) are used in place.
  const aResident = residentStart(wasm, a.values);
  const bResident = residentStart(wasm, b.values);
  const outResident = residentStart(wasm, out);
  const aStart = aResident === undefined ? layout.take(aSize) : aResident + a.offset;
  const bStart = bResident === undefined ? layout.take(bSize) : bResident + b.offset;
  const cStart = outResident === undefined ? layout.take(m * n) : outResident + outOffset;
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
  if (aResident === undefined) heap.set(a.values.subarray(a.offset, a.offset + aSize), aStart);
  if (bResident === undefined) heap.set(b.values.subarray(b.offset, b.offset + bSize), bStart);
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
  if (outResident === undefined)
    out.set(wasm.reserve(0)!.subarray(cStart, cStart + m * n), outOffset);
  return true;
}

/** Most GEMM calls one worker's mailbox takes per round. */
const CALLS_PER_ROUND = 256;

/**
 * A batch of float32 products in one go: out[b] = A[b] x B[b] for each b, where item b reads
 * A at aOffsets[b] and B at bOffsets[b] (elements) with the given strides, and writes
 * [m, n] at b * m * n. The operands are copied into linear memory once and whole items are
 * shared out between threads, each item computed as {@link wasmGemm} would. Returns false,
 * having written nothing, where the kernel is unavailable or the operands would not fit.
 */
export function wasmBatchedGemm(
  m: number,
  k: number,
  n: number,
  a: { readonly values: Float32Array; readonly rowStride: number; readonly colStride: number },
  b: { readonly values: Float32Array; readonly rowStride: number; readonly colStride: number },
  aOffsets: readonly number[],
  bOffsets: readonly number[],
  out: Float32Array,
): boolean {
  const wasm = wasmRuntime();
  if (wasm === null || m === 0 || n === 0 || k === 0) return false;
  const batch = aOffsets.length;
  const parts = Math.max(
    1,
    Math.min(activeThreads(), batch, Math.floor((batch * m * n * k) / MIN_PART_WORK)),
  );
  const layout = new WasmLayout();
  const aResident = residentStart(wasm, a.values);
  const bResident = residentStart(wasm, b.values);
  const outResident = out.length === batch * m * n ? residentStart(wasm, out) : undefined;
  const aStart = aResident ?? layout.take(a.values.length);
  const bStart = bResident ?? layout.take(b.values.length);
  const cStart = outResident ?? layout.take(batch * m * n);
  const work = Array.from({ length: parts }, () => layout.take(wasm.workBytes / 4) * 4);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  if (aResident === undefined) heap.set(a.values, aStart);
  if (bResident === undefined) heap.set(b.values, bStart);
  const item = (index: number, part: number): WasmCall => ({
    fn: 'gemm',
    args: [
      m,
      n,
      k,
      (aStart + aOffsets[index]!) * 4,
      a.rowStride,
      a.colStride,
      (bStart + bOffsets[index]!) * 4,
      b.rowStride,
      b.colStride,
      (cStart + index * m * n) * 4,
      n,
      work[part]!,
    ],
  });
  const ranges = splitRange(batch, parts);
  for (let round = 0; ; round += CALLS_PER_ROUND) {
    const calls = ranges.map(([start, end], part) => {
      const from = start + round;
      const to = Math.min(end, from + CALLS_PER_ROUND);
      return Array.from({ length: Math.max(0, to - from) }, (_, i) => item(from + i, part));
    });
    if (calls.every((list) => list.length === 0)) break;
    runParts('matmul', calls);
  }
  if (outResident === undefined) out.set(wasm.reserve(0)!.subarray(cStart, cStart + batch * m * n));
  return true;
}
