import { transpose } from './layout.js';
import { matmulTransposeBUnrolled, matmulUnrolled } from './matmul-unrolled.js';

// A 'valid', stride-1 2-D convolution without bias by im2col and matrix products, on
// activations laid out [channels, batch, height, width] ("CNHW"): the whole batch is then one
// matrix product whose result is already CNHW, the layout the next layer reads. Weights are
// [out, in, kh, kw] (gradkit's and MindSpore's), i.e. a row-major [out × in·kh·kw] matrix.

export interface ConvShape {
  readonly channels: number;
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly outChannels: number;
  /** Square kernel side. */
  readonly kernel: number;
}

export const convOutSize = (s: ConvShape) => ({
  outHeight: s.height - s.kernel + 1,
  outWidth: s.width - s.kernel + 1,
});

/**
 * The input's patches as a [channels·k·k × batch·oh·ow] matrix: row (c, kh, kw), column
 * (b, oh, ow) holds x[c, b, oh + kh, ow + kw].
 */
export function im2col(x: Float32Array, s: ConvShape): Float32Array {
  const { channels: C, batch: B, height: H, width: W, kernel: K } = s;
  const { outHeight: OH, outWidth: OW } = convOutSize(s);
  const cols = B * OH * OW;
  const out = new Float32Array(C * K * K * cols);
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < K; kh++) {
      for (let kw = 0; kw < K; kw++) {
        let o = ((c * K + kh) * K + kw) * cols;
        for (let b = 0; b < B; b++) {
          const plane = (c * B + b) * H * W;
          for (let oh = 0; oh < OH; oh++) {
            const from = plane + (oh + kh) * W + kw;
            for (let ow = 0; ow < OW; ow++) out[o++] = x[from + ow]!;
          }
        }
      }
    }
  }
  return out;
}

/** im2col's transpose: adds every patch entry back onto the input position it came from. */
export function col2im(cols: Float32Array, s: ConvShape): Float32Array {
  const { channels: C, batch: B, height: H, width: W, kernel: K } = s;
  const { outHeight: OH, outWidth: OW } = convOutSize(s);
  const n = B * OH * OW;
  const dx = new Float32Array(C * B * H * W);
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < K; kh++) {
      for (let kw = 0; kw < K; kw++) {
        let i = ((c * K + kh) * K + kw) * n;
        for (let b = 0; b < B; b++) {
          const plane = (c * B + b) * H * W;
          for (let oh = 0; oh < OH; oh++) {
            const to = plane + (oh + kh) * W + kw;
            for (let ow = 0; ow < OW; ow++) dx[to + ow] = dx[to + ow]! + cols[i++]!;
          }
        }
      }
    }
  }
  return dx;
}

/** y[o, b, oh, ow] = Σ_c,kh,kw w[o, c, kh, kw] · x[c, b, oh + kh, ow + kw]; keeps the patches. */
export function conv2d(x: Float32Array, w: Float32Array, s: ConvShape) {
  const { outHeight, outWidth } = convOutSize(s);
  const cols = im2col(x, s);
  const patch = s.channels * s.kernel * s.kernel;
  const y = matmulUnrolled(w, cols, s.outChannels, patch, s.batch * outHeight * outWidth);
  return { y, cols };
}

/**
 * The gradients of `conv2d` from dy (CNHW, like y): dw = dy · colsᵀ, and, unless the input is
 * data (`withInput` false), dx = col2im(wᵀ · dy). Both products run with the long patch rows
 * outermost, so each is read once: dw as (cols · dyᵀ)ᵀ, and wᵀ transposed up front.
 */
export function conv2dBackward(
  dy: Float32Array,
  w: Float32Array,
  cols: Float32Array,
  s: ConvShape,
  withInput: boolean,
) {
  const { outHeight, outWidth } = convOutSize(s);
  const n = s.batch * outHeight * outWidth;
  const patch = s.channels * s.kernel * s.kernel;
  const out = s.outChannels;
  const dw = transpose(matmulTransposeBUnrolled(cols, dy, patch, n, out), patch, out);
  const dx = withInput
    ? col2im(matmulUnrolled(transpose(w, out, patch), dy, patch, out, n), s)
    : null;
  return { dw, dx };
}
