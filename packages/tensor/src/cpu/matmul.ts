import type { Kernel } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import { shapeSize } from '../shape.js';
import { forEachBroadcast } from './broadcast-index.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { takeOutput } from './output-pool.js';
import { preferWasmGemm, type StridedMatrix, wasmBatchedGemm, wasmGemm } from './wasm-gemm.js';

export type { StridedMatrix } from './wasm-gemm.js';

/**
 * out[i, j] = sum_p a[i, p] * b[j, p] with a [m, k] and b [n, k] both row-contiguous.
 * A 4x4 block of outputs is kept in locals so each loaded value feeds four products.
 * Convolutions reuse it through im2col.
 */
// biome-ignore format: the 4x4 accumulator block reads best as a grid.
export function multiplyPacked(a: Float64Array, b: Float64Array, out: TypedArray, outOffset: number, m: number, k: number, n: number): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p]!;
        const x1 = a[a1 + p]!;
        const x2 = a[a2 + p]!;
        const x3 = a[a3 + p]!;
        const y0 = b[b0 + p]!;
        const y1 = b[b1 + p]!;
        const y2 = b[b2 + p]!;
        const y3 = b[b3 + p]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const o0 = outOffset + i * n + j;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      out[o0] = c00; out[o0 + 1] = c01; out[o0 + 2] = c02; out[o0 + 3] = c03;
      out[o1] = c10; out[o1 + 1] = c11; out[o1 + 2] = c12; out[o1 + 3] = c13;
      out[o2] = c20; out[o2 + 1] = c21; out[o2 + 2] = c22; out[o2 + 3] = c23;
      out[o3] = c30; out[o3 + 1] = c31; out[o3 + 2] = c32; out[o3 + 3] = c33;
    }
  }
  // Edges: the rows and columns left over by the 4x4 blocks.
  for (let i = 0; i < m; i++) {
    const jStart = i < m4 ? n4 : 0;
    const aRow = i * k;
    for (let j = jStart; j < n; j++) {
      const bRow = j * k;
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a[aRow + p]! * b[bRow + p]!;
      out[outOffset + i * n + j] = acc;
    }
  }
}

interface PackSlot {
  buffer: Float64Array;
  packed: Float64Array | undefined;
  key: readonly unknown[] | undefined;
}

/** Reusable float64 packing buffers for the JS path of {@link gemm}. */
export interface GemmScratch {
  readonly a: PackSlot;
  readonly b: PackSlot;
  /**
   * Whether an operand equal to the previous one (same array, offset, strides and shape) is
   * still packed: true only when operands are never written between calls, as in matmul.
   */
  readonly reusePacked: boolean;
}

export function gemmScratch(reusePacked = false): GemmScratch {
  const slot = (): PackSlot => ({ buffer: new Float64Array(0), packed: undefined, key: undefined });
  return { a: slot(), b: slot(), reusePacked };
}

/**
 * The rows x cols matrix `source` as contiguous float64 rows: a view of it when it already is
 * one, else a copy into the slot's buffer.
 */
function packRows(
  source: StridedMatrix<TypedArray>,
  rows: number,
  cols: number,
  slot: PackSlot,
  reuse: boolean,
): Float64Array {
  const { values, offset, rowStride, colStride } = source;
  const key = [values, offset, rowStride, colStride, rows, cols];
  if (reuse && slot.packed !== undefined && slot.key!.every((v, i) => v === key[i])) {
    return slot.packed;
  }
  let packed: Float64Array;
  if (values instanceof Float64Array && colStride === 1 && (rowStride === cols || rows <= 1)) {
    packed = values.subarray(offset, offset + rows * cols);
  } else {
    if (slot.buffer.length < rows * cols) slot.buffer = new Float64Array(rows * cols);
    packed = slot.buffer;
    let t = 0;
    for (let r = 0; r < rows; r++) {
      let from = offset + r * rowStride;
      for (let c = 0; c < cols; c++, from += colStride) packed[t++] = values[from]!;
    }
  }
  slot.packed = packed;
  slot.key = key;
  return packed;
}

/**
 * out[outOffset + i * n + j] = sum_p A(i, p) * B(p, j) for strided A [m, k] and B [k, n].
 * Float32 products big enough to pay for the copies run in the WebAssembly SIMD kernel
 * (float32 accumulation); everything else, and every product when WebAssembly SIMD is missing,
 * in the JS kernel, which packs into float64 rows and accumulates in double precision.
 */
export function gemm(
  m: number,
  k: number,
  n: number,
  a: StridedMatrix<TypedArray>,
  b: StridedMatrix<TypedArray>,
  out: TypedArray,
  outOffset: number,
  scratch: GemmScratch = gemmScratch(),
): void {
  if (m === 0 || n === 0) return;
  if (
    out instanceof Float32Array &&
    a.values instanceof Float32Array &&
    b.values instanceof Float32Array &&
    preferWasmGemm(m, k, n) &&
    wasmGemm(
      m,
      k,
      n,
      a as StridedMatrix<Float32Array>,
      b as StridedMatrix<Float32Array>,
      out,
      outOffset,
    )
  ) {
    return;
  }
  const packedA = packRows(a, m, k, scratch.a, scratch.reusePacked);
  // B as [n, k] rows: its transpose.
  const bT = { values: b.values, offset: b.offset, rowStride: b.colStride, colStride: b.rowStride };
  const packedB = packRows(bT, n, k, scratch.b, scratch.reusePacked);
  multiplyPacked(packedA, packedB, out, outOffset, m, k, n);
}

/**
 * Batched matmul. Float32 goes through the WebAssembly SIMD kernel when the runtime has it
 * (see {@link gemm}); other dtypes, small products and runtimes without it use the JS kernel,
 * which packs each operand into contiguous float64 rows (a as [m, k], b as [n, k]), so float32
 * products accumulate in double precision there. A broadcast operand is packed once.
 */
export const matmulKernel: Kernel<'matmul'> = ([a, b], { transposeA, transposeB }, output) => {
  const av = valuesOf(a!);
  const bv = valuesOf(b!);
  const aShape = a!.shape;
  const bShape = b!.shape;
  const rank = output.shape.length;
  const m = output.shape[rank - 2]!;
  const n = output.shape[rank - 1]!;
  const k = transposeA ? aShape[aShape.length - 2]! : aShape[aShape.length - 1]!;
  // A pooled buffer (an arena one when large, so the elementwise ops after it run over the
  // threads): every path below writes each element, except an empty sum.
  const out = takeOutput(output.dtype, shapeSize(output.shape));
  if (k === 0) out.fill(0);
  const batchShape = output.shape.slice(0, rank - 2);
  const aBatch = aShape.slice(0, aShape.length - 2);
  const bBatch = bShape.slice(0, bShape.length - 2);
  const batches = shapeSize(batchShape);
  if (
    batches > 1 &&
    av instanceof Float32Array &&
    bv instanceof Float32Array &&
    out instanceof Float32Array &&
    preferWasmGemm(m, k, n)
  ) {
    // Every item at once: one copy of each operand, whole items shared out between threads.
    const [aOffsets, bOffsets]: [number[], number[]] = [[], []];
    forEachBroadcast(batchShape, [aBatch, bBatch], (_batch, offsets) => {
      aOffsets.push(offsets[0]! * m * k);
      bOffsets.push(offsets[1]! * k * n);
    });
    const aStrides = transposeA ? { rowStride: 1, colStride: m } : { rowStride: k, colStride: 1 };
    const bStrides = transposeB ? { rowStride: 1, colStride: k } : { rowStride: n, colStride: 1 };
    const matrixA = { values: av, ...aStrides };
    const matrixB = { values: bv, ...bStrides };
    if (m > 0 && n > 0 && wasmBatchedGemm(m, k, n, matrixA, matrixB, aOffsets, bOffsets, out)) {
      return wrapValues(out);
    }
  }
  const scratch = gemmScratch(true);
  forEachBroadcast(batchShape, [aBatch, bBatch], (batch, offsets) => {
    // a is stored [m, k], or [k, m] when transposed; b [k, n], or [n, k].
    const matrixA = transposeA
      ? { values: av, offset: offsets[0]! * m * k, rowStride: 1, colStride: m }
      : { values: av, offset: offsets[0]! * m * k, rowStride: k, colStride: 1 };
    const matrixB = transposeB
      ? { values: bv, offset: offsets[1]! * k * n, rowStride: 1, colStride: k }
      : { values: bv, offset: offsets[1]! * k * n, rowStride: n, colStride: 1 };
    gemm(m, k, n, matrixA, matrixB, out, batch * m * n, scratch);
  });
  return wrapValues(out);
};
