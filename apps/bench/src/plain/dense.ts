import { matmul, matmulTransposeA, matmulTransposeB } from './matmul.js';

// A dense layer with weights [out, in] (gradkit's and MindSpore's layout) and a bias:
// y[rows × out] = x[rows × in] · wᵀ + b.

export function dense(x: Float32Array, w: Float32Array, b: Float32Array, rows: number) {
  const outs = b.length;
  const ins = w.length / outs;
  const y = matmulTransposeB(x, w, rows, ins, outs);
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < outs; o++) y[r * outs + o] = y[r * outs + o]! + b[o]!;
  return y;
}

/** dw = dyᵀ · x, db = Σ_rows dy, and (unless the input is data) dx = dy · w. */
export function denseBackward(
  dy: Float32Array,
  x: Float32Array,
  w: Float32Array,
  rows: number,
  outs: number,
) {
  const ins = w.length / outs;
  return {
    dw: matmulTransposeA(dy, x, rows, outs, ins),
    db: columnSums(dy, rows, outs),
    dx: matmul(dy, w, rows, outs, ins),
  };
}

/** Σ over rows of a [rows × cols] matrix. */
export function columnSums(a: Float32Array, rows: number, cols: number) {
  const out = new Float32Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] = out[c]! + a[r * cols + c]!;
  return out;
}
