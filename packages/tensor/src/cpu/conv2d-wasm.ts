import type { Conv2dParams } from '../primitives.js';
import type { Geometry } from './conv-geometry.js';
import {
  type ConvGeometryArguments,
  WasmLayout,
  type WasmRuntime,
  wasmRuntime,
} from './wasm-runtime.js';

/**
 * Float32 conv2d and its two gradients entirely in WebAssembly: the operands are copied into
 * linear memory once, then im2col, the GEMM and col2im run there image by image, and the
 * result is copied out once. Each function returns false, having written nothing, when the
 * kernels are unavailable or the operands would not fit; the caller then runs the JS path.
 */

/** Whether every size is positive: the wasm loops run at least once. */
function nonEmpty(g: Geometry): boolean {
  return (
    g.batch > 0 &&
    g.groupIn > 0 &&
    g.groupOut > 0 &&
    g.height > 0 &&
    g.width > 0 &&
    g.kernelHeight > 0 &&
    g.kernelWidth > 0 &&
    g.positions > 0
  );
}

function runtimeFor(g: Geometry): WasmRuntime | null {
  return nonEmpty(g) ? wasmRuntime() : null;
}

function convArguments(g: Geometry, p: Conv2dParams): ConvGeometryArguments {
  return [
    g.height,
    g.width,
    g.kernelHeight,
    g.kernelWidth,
    g.outHeight,
    g.outWidth,
    p.stride[0],
    p.stride[1],
    p.padding[0],
    p.padding[2],
    p.dilation[0],
    p.dilation[1],
  ];
}

/** Element offset of image n's first channel of `group` in an [batch, inChannels, h, w] input. */
function imageOffset(g: Geometry, n: number, group: number): number {
  return (n * g.inChannels + group * g.groupIn) * g.height * g.width;
}

/** Element offset of image n's first channel of `group` in an [batch, outChannels, oh, ow] output. */
function outputOffset(g: Geometry, n: number, group: number): number {
  return (n * g.outChannels + group * g.groupOut) * g.positions;
}

/** y = conv2d(x, w) into `out` ([batch, outChannels, oh, ow]). */
export function wasmConv2d(
  x: Float32Array,
  w: Float32Array,
  g: Geometry,
  p: Conv2dParams,
  out: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const layout = new WasmLayout(wasm);
  const xStart = layout.take(x.length);
  const wStart = layout.take(w.length);
  const patches = layout.take(g.field * g.positions);
  const yStart = layout.take(out.length);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(x, xStart);
  heap.set(w, wStart);
  const geometry = convArguments(g, p);
  for (let group = 0; group < g.groups; group++) {
    const weights = (wStart + group * g.groupOut * g.field) * 4;
    for (let b = 0; b < g.batch; b++) {
      const image = (xStart + imageOffset(g, b, group)) * 4;
      wasm.kernels.im2col(image, patches * 4, g.positions, g.groupIn, ...geometry);
      // y[b, group] [groupOut, positions] = weights [groupOut, field] x patches [field, positions]
      const y = (yStart + outputOffset(g, b, group)) * 4;
      wasm.gemm.gemm(
        g.groupOut,
        g.positions,
        g.field,
        weights,
        g.field,
        1,
        patches * 4,
        g.positions,
        1,
        y,
        g.positions,
        0,
      );
    }
  }
  out.set(heap.subarray(yStart, yStart + out.length));
  return true;
}

/** dx = the gradient of conv2d with respect to its input, into `dx` (zeroed or not). */
export function wasmConv2dBackpropInput(
  dy: Float32Array,
  w: Float32Array,
  g: Geometry,
  p: Conv2dParams,
  dx: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const layout = new WasmLayout(wasm);
  const dyStart = layout.take(dy.length);
  const wStart = layout.take(w.length);
  const columns = layout.take(g.field * g.positions);
  const dxStart = layout.take(dx.length);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(dy, dyStart);
  heap.set(w, wStart);
  heap.fill(0, dxStart, dxStart + dx.length);
  const geometry = convArguments(g, p);
  for (let group = 0; group < g.groups; group++) {
    const weights = (wStart + group * g.groupOut * g.field) * 4;
    for (let b = 0; b < g.batch; b++) {
      // columns [field, positions] = weights^T [field, groupOut] x dy[b, group] [groupOut, positions]
      const gradient = (dyStart + outputOffset(g, b, group)) * 4;
      wasm.gemm.gemm(
        g.field,
        g.positions,
        g.groupOut,
        weights,
        1,
        g.field,
        gradient,
        g.positions,
        1,
        columns * 4,
        g.positions,
        0,
      );
      const image = (dxStart + imageOffset(g, b, group)) * 4;
      wasm.kernels.col2im(columns * 4, g.positions, image, g.groupIn, ...geometry);
    }
  }
  dx.set(heap.subarray(dxStart, dxStart + dx.length));
  return true;
}

/** dw = the gradient of conv2d with respect to its filter, into `dw` ([outChannels, field]). */
export function wasmConv2dBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  g: Geometry,
  p: Conv2dParams,
  dw: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const layout = new WasmLayout(wasm);
  const xStart = layout.take(x.length);
  const dyStart = layout.take(dy.length);
  const patches = layout.take(g.field * g.positions);
  const partial = layout.take(g.groupOut * g.field);
  const dwStart = layout.take(dw.length);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(x, xStart);
  heap.set(dy, dyStart);
  const geometry = convArguments(g, p);
  const groupSize = g.groupOut * g.field;
  for (let group = 0; group < g.groups; group++) {
    const dwGroup = (dwStart + group * groupSize) * 4;
    for (let b = 0; b < g.batch; b++) {
      const image = (xStart + imageOffset(g, b, group)) * 4;
      wasm.kernels.im2col(image, patches * 4, g.positions, g.groupIn, ...geometry);
      // dw[group] [groupOut, field] += dy[b, group] [groupOut, positions] x patches^T
      const gradient = (dyStart + outputOffset(g, b, group)) * 4;
      const target = b === 0 ? dwGroup : partial * 4;
      wasm.gemm.gemm(
        g.groupOut,
        g.field,
        g.positions,
        gradient,
        g.positions,
        1,
        patches * 4,
        1,
        g.positions,
        target,
        g.field,
        0,
      );
      if (b > 0) wasm.kernels.addInto(dwGroup, partial * 4, groupSize);
    }
  }
  dw.set(heap.subarray(dwStart, dwStart + dw.length));
  return true;
}
