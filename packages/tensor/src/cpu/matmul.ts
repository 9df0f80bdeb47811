import type { Kernel } from '../backend.js';
import { allocate, type TypedArray } from '../dtype.js';
import { shapeSize } from '../shape.js';
import { forEachBroadcast } from './broadcast-index.js';
import { valuesOf, wrapValues } from './cpu-data.js';

/**
 * One [M, K] x [K, N] product into out[outOffset...]. The loop order keeps the innermost
 * loop running over contiguous memory for every transpose combination.
 */
function multiply(
  a: TypedArray,
  aOffset: number,
  b: TypedArray,
  bOffset: number,
  out: TypedArray,
  outOffset: number,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): void {
  if (!transposeB) {
    // i-k-j: out row i accumulates a[i, p] * (row p of b).
    for (let i = 0; i < m; i++) {
      const outRow = outOffset + i * n;
      for (let p = 0; p < k; p++) {
        const aip = transposeA ? a[aOffset + p * m + i]! : a[aOffset + i * k + p]!;
        const bRow = bOffset + p * n;
        for (let j = 0; j < n; j++) out[outRow + j] = out[outRow + j]! + aip * b[bRow + j]!;
      }
    }
    return;
  }
  if (!transposeA) {
    // Rows of a and rows of b^T are both contiguous: a dot product per output.
    for (let i = 0; i < m; i++) {
      const aRow = aOffset + i * k;
      for (let j = 0; j < n; j++) {
        const bRow = bOffset + j * k;
        let acc = 0;
        for (let p = 0; p < k; p++) acc += a[aRow + p]! * b[bRow + p]!;
        out[outOffset + i * n + j] = acc;
      }
    }
    return;
  }
  // Both transposed: out[i, j] = sum_p a[p, i] * b[j, p].
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bRow = bOffset + j * k;
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a[aOffset + p * m + i]! * b[bRow + p]!;
      out[outOffset + i * n + j] = acc;
    }
  }
}

export const matmulKernel: Kernel<'matmul'> = ([a, b], { transposeA, transposeB }, output) => {
  const av = valuesOf(a!);
  const bv = valuesOf(b!);
  const aShape = a!.shape;
  const bShape = b!.shape;
  const rank = output.shape.length;
  const m = output.shape[rank - 2]!;
  const n = output.shape[rank - 1]!;
  const k = transposeA ? aShape[aShape.length - 2]! : aShape[aShape.length - 1]!;
  const out = allocate(output.dtype, shapeSize(output.shape));
  const batchShape = output.shape.slice(0, rank - 2);
  const aBatch = aShape.slice(0, aShape.length - 2);
  const bBatch = bShape.slice(0, bShape.length - 2);
  const aMatrix = m * k;
  const bMatrix = k * n;
  forEachBroadcast(batchShape, [aBatch, bBatch], (batch, offsets) => {
    multiply(
      av,
      offsets[0]! * aMatrix,
      bv,
      offsets[1]! * bMatrix,
      out,
      batch * m * n,
      m,
      k,
      n,
      transposeA,
      transposeB,
    );
  });
  return wrapValues(out);
};
