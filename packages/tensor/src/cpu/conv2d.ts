import type { Kernel } from '../backend.js';
import { allocate, type DType, type TypedArray } from '../dtype.js';
import type { Conv2dParams } from '../primitives.js';
import { type Conv2dGeometry, conv2dGeometry } from '../window-geometry.js';
import { wasmConv2d, wasmConv2dBackpropFilter, wasmConv2dBackpropInput } from './conv2d-wasm.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { gemm, gemmScratch } from './matmul.js';
import { takeOutput } from './output-pool.js';
import { preferWasmGemm } from './wasm-gemm.js';

/**
 * Convolutions as matrix products (im2col): each output position's receptive field becomes a
 * row of a "patches" matrix, so the matmul kernel ({@link gemm}: WebAssembly SIMD for float32,
 * packed JS otherwise) does the arithmetic; the other operands are read in place through
 * strides. Work is done one image and one group at a time to keep the patches small. Float32
 * convolutions run wholly in WebAssembly (conv2d-wasm.ts) where it is available; this JS path
 * is the fallback and serves float64.
 */

/**
 * Visits every (position, field element) pair whose input pixel lies inside the image, with
 * the pixel's offset relative to the group's first channel plane.
 */
function forEachTap(
  g: Conv2dGeometry,
  p: Conv2dParams,
  visit: (position: number, fieldIndex: number, offset: number) => void,
): void {
  const [strideH, strideW] = p.stride;
  const [padTop, , padLeft] = p.padding;
  const [dilationH, dilationW] = p.dilation;
  const plane = g.height * g.width;
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      const position = oh * g.outWidth + ow;
      let fieldIndex = 0;
      for (let c = 0; c < g.groupIn; c++) {
        for (let kh = 0; kh < g.kernelHeight; kh++) {
          const ih = oh * strideH - padTop + kh * dilationH;
          for (let kw = 0; kw < g.kernelWidth; kw++, fieldIndex++) {
            const iw = ow * strideW - padLeft + kw * dilationW;
            if (ih >= 0 && ih < g.height && iw >= 0 && iw < g.width) {
              visit(position, fieldIndex, c * plane + ih * g.width + iw);
            }
          }
        }
      }
    }
  }
}

/** The patches of one image and group, as [positions, field] or transposed [field, positions]. */
function patches(
  x: TypedArray,
  base: number,
  g: Conv2dGeometry,
  p: Conv2dParams,
  transposed: boolean,
  out: Float32Array | Float64Array,
): void {
  out.fill(0);
  forEachTap(g, p, (position, fieldIndex, offset) => {
    out[transposed ? fieldIndex * g.positions + position : position * g.field + fieldIndex] =
      x[base + offset]!;
  });
}

/**
 * The work buffers' type: float32 when the product will run in WebAssembly (its operands must
 * be float32), float64 otherwise (the JS kernel reads float64 rows in place).
 */
function workArray(
  dtype: DType,
  m: number,
  k: number,
  n: number,
): Float32ArrayConstructor | Float64ArrayConstructor {
  return dtype === 'float32' && preferWasmGemm(m, k, n) ? Float32Array : Float64Array;
}

/** Row-major [rows, cols] matrix at `offset`. */
const rowMajor = <T>(values: T, offset: number, cols: number) => ({
  values,
  offset,
  rowStride: cols,
  colStride: 1,
});

/** The transpose of a row-major [cols, rows] matrix at `offset`. */
const columnMajor = <T>(values: T, offset: number, rows: number) => ({
  values,
  offset,
  rowStride: 1,
  colStride: rows,
});

/** The arrays as float32 arrays when every one of them is, else null. */
function float32s(...arrays: TypedArray[]): Float32Array[] | null {
  return arrays.every((a) => a instanceof Float32Array) ? (arrays as Float32Array[]) : null;
}

function imageOffset(g: Conv2dGeometry, n: number, group: number): number {
  return (n * g.inChannels + group * g.groupIn) * g.height * g.width;
}

export const conv2dKernel: Kernel<'conv2d'> = ([x, w], params, output) => {
  const xv = valuesOf(x!);
  const wv = valuesOf(w!);
  const g = conv2dGeometry(x!.shape, w!.shape, output.shape, params.groups);
  // A pooled buffer: the WebAssembly kernel writes all of it (and large ones live in the
  // arena, where the elementwise ops that follow run over the threads).
  const out = takeOutput(output.dtype, g.batch * g.outChannels * g.positions);
  const single = float32s(xv, wv, out);
  if (single && wasmConv2d(single[0]!, single[1]!, g, params, single[2]!)) return wrapValues(out);
  out.fill(0);
  // out[n, group's channels, :] = weights [groupOut, field] x patches^T [field, positions]
  const [m, k, n] = [g.groupOut, g.field, g.positions];
  const Work = workArray(output.dtype, m, k, n);
  const wasm = Work === Float32Array;
  // The WebAssembly kernel packs B fastest from rows, the JS one reads B^T's rows in place.
  const field = new Work(g.positions * g.field);
  const scratch = gemmScratch();
  for (let group = 0; group < g.groups; group++) {
    const weights = rowMajor(wv, group * g.groupOut * g.field, g.field);
    for (let b = 0; b < g.batch; b++) {
      patches(xv, imageOffset(g, b, group), g, params, wasm, field);
      const patchesT = wasm ? rowMajor(field, 0, n) : columnMajor(field, 0, k);
      const outOffset = (b * g.outChannels + group * g.groupOut) * g.positions;
      gemm(m, k, n, weights, patchesT, out, outOffset, scratch);
    }
  }
  return wrapValues(out);
};

export const conv2dBackpropInputKernel: Kernel<'conv2dBackpropInput'> = (
  [dy, w],
  params,
  output,
) => {
  const dyv = valuesOf(dy!);
  const wv = valuesOf(w!);
  const g = conv2dGeometry(params.inputShape, w!.shape, dy!.shape, params.groups);
  const dx = takeOutput(output.dtype, g.batch * g.inChannels * g.height * g.width);
  const single = float32s(dyv, wv, dx);
  if (single && wasmConv2dBackpropInput(single[0]!, single[1]!, g, params, single[2]!)) {
    return wrapValues(dx);
  }
  dx.fill(0);
  // columns [positions, field] = dy^T [positions, groupOut] x weights [groupOut, field]
  const [m, k, n] = [g.positions, g.groupOut, g.field];
  const columns = new (workArray(output.dtype, m, k, n))(g.positions * g.field);
  const scratch = gemmScratch();
  for (let group = 0; group < g.groups; group++) {
    const weights = rowMajor(wv, group * g.groupOut * g.field, g.field);
    for (let b = 0; b < g.batch; b++) {
      const gradientT = columnMajor(dyv, (b * g.outChannels + group * g.groupOut) * m, m);
      gemm(m, k, n, gradientT, weights, columns, 0, scratch);
      const base = imageOffset(g, b, group);
      forEachTap(g, params, (position, fieldIndex, offset) => {
        dx[base + offset] = dx[base + offset]! + columns[position * g.field + fieldIndex]!;
      });
    }
  }
  return wrapValues(dx);
};

export const conv2dBackpropFilterKernel: Kernel<'conv2dBackpropFilter'> = (
  [x, dy],
  params,
  output,
) => {
  const xv = valuesOf(x!);
  const dyv = valuesOf(dy!);
  const g = conv2dGeometry(x!.shape, params.filterShape, dy!.shape, params.groups);
  if (output.dtype === 'float32' && xv instanceof Float32Array && dyv instanceof Float32Array) {
    const out = allocate('float32', g.outChannels * g.field) as Float32Array;
    if (wasmConv2dBackpropFilter(xv, dyv, g, params, out)) return wrapValues(out);
  }
  // dw[group's channels] += dy [groupOut, positions] x patches [positions, field]
  const [m, k, n] = [g.groupOut, g.positions, g.field];
  const Work = workArray(output.dtype, m, k, n);
  const wasm = Work === Float32Array;
  const dw = new Float64Array(g.outChannels * g.field);
  // The WebAssembly kernel packs B fastest from rows, the JS one reads B^T's rows in place.
  const field = new Work(g.field * g.positions);
  const partial = new Work(g.groupOut * g.field);
  const scratch = gemmScratch();
  for (let group = 0; group < g.groups; group++) {
    for (let b = 0; b < g.batch; b++) {
      patches(xv, imageOffset(g, b, group), g, params, !wasm, field);
      const gradient = rowMajor(dyv, (b * g.outChannels + group * g.groupOut) * k, k);
      const patchesB = wasm ? rowMajor(field, 0, n) : columnMajor(field, 0, k);
      gemm(m, k, n, gradient, patchesB, partial, 0, scratch);
      const start = group * g.groupOut * g.field;
      for (let i = 0; i < partial.length; i++) dw[start + i] = dw[start + i]! + partial[i]!;
    }
  }
  const out = allocate(output.dtype, dw.length);
  out.set(dw);
  return wrapValues(out);
};
