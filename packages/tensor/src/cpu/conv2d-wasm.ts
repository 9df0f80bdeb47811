import type { Conv2dParams } from '../primitives.js';
import type { Geometry } from './conv-geometry.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import { WasmLayout, type WasmRuntime, wasmRuntime } from './wasm-runtime.js';

/**
 * Float32 conv2d and its two gradients entirely in WebAssembly (kernels.wat): the operands are
 * copied into linear memory once, im2col, the GEMM and col2im run there, and the result is
 * copied out once. The batch is split into contiguous ranges of images, one per thread (fixed
 * by the thread count and the sizes). Each function returns false, having written nothing,
 * when the kernels are unavailable or the operands would not fit; the caller then runs the JS
 * path.
 */

/** Multiply-adds per thread below which splitting a convolution costs more than it saves. */
const MIN_PART_WORK = 1 << 18;
/** Int32 fields of the description kernels.wat reads. */
const PARAMS_FIELDS = 22;

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

/** The image ranges, one per part: as many parts as threads while each has enough work. */
function imageRanges(g: Geometry): [number, number][] {
  const work = g.batch * g.outChannels * g.positions * g.field;
  const parts = Math.max(1, Math.min(activeThreads(), g.batch, Math.floor(work / MIN_PART_WORK)));
  return splitRange(g.batch, parts);
}

/** Writes the convolution's description (see kernels.wat) at element `at`. */
function writeParams(
  heap: Float32Array,
  at: number,
  pointers: readonly [number, number, number],
  g: Geometry,
  p: Conv2dParams,
): void {
  const fields = new Int32Array(heap.buffer, at * 4, PARAMS_FIELDS);
  fields.set([
    ...pointers.map((element) => element * 4),
    g.inChannels,
    g.outChannels,
    g.groups,
    g.groupIn,
    g.groupOut,
    g.field,
    g.positions,
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
  ]);
}

/** Per-part GEMM scratch and a buffer of `bufferElements` floats, as byte addresses. */
function takeScratch(
  layout: WasmLayout,
  wasm: WasmRuntime,
  parts: number,
  bufferElements: number,
): { work: number; buffer: number }[] {
  return Array.from({ length: parts }, () => ({
    work: layout.take(wasm.workBytes / 4) * 4,
    buffer: layout.take(bufferElements) * 4,
  }));
}

const align4 = (elements: number) => (elements + 3) & ~3;

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
  const ranges = imageRanges(g);
  const layout = new WasmLayout();
  const params = layout.take(PARAMS_FIELDS);
  const xStart = layout.take(x.length);
  const wStart = layout.take(w.length);
  const yStart = layout.take(out.length);
  const scratch = takeScratch(layout, wasm, ranges.length, g.field * g.positions);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(x, xStart);
  heap.set(w, wStart);
  writeParams(heap, params, [xStart, wStart, yStart], g, p);
  runParts(
    'conv2d',
    ranges.map(([b0, b1], i) => [
      { fn: 'convForward', args: [params * 4, b0, b1, scratch[i]!.work, scratch[i]!.buffer] },
    ]),
  );
  out.set(wasm.reserve(0)!.subarray(yStart, yStart + out.length));
  return true;
}

/** dx = the gradient of conv2d with respect to its input, into `dx`. */
export function wasmConv2dBackpropInput(
  dy: Float32Array,
  w: Float32Array,
  g: Geometry,
  p: Conv2dParams,
  dx: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const ranges = imageRanges(g);
  const layout = new WasmLayout();
  const params = layout.take(PARAMS_FIELDS);
  const dyStart = layout.take(dy.length);
  const wStart = layout.take(w.length);
  const dxStart = layout.take(dx.length);
  const scratch = takeScratch(layout, wasm, ranges.length, g.field * g.positions);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(dy, dyStart);
  heap.set(w, wStart);
  heap.fill(0, dxStart, dxStart + dx.length);
  writeParams(heap, params, [dxStart, wStart, dyStart], g, p);
  runParts(
    'conv2dBackpropInput',
    ranges.map(([b0, b1], i) => [
      {
        fn: 'convBackpropInput',
        args: [params * 4, b0, b1, scratch[i]!.work, scratch[i]!.buffer],
      },
    ]),
  );
  dx.set(wasm.reserve(0)!.subarray(dxStart, dxStart + dx.length));
  return true;
}

/**
 * dw = the gradient of conv2d with respect to its filter, into `dw` ([outChannels, field]).
 * Each part sums its images in order; the parts' sums are then added in order, so the result
 * depends on the thread count in the last bits only.
 */
export function wasmConv2dBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  g: Geometry,
  p: Conv2dParams,
  dw: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const ranges = imageRanges(g);
  const layout = new WasmLayout();
  const params = layout.take(PARAMS_FIELDS);
  const xStart = layout.take(x.length);
  const dyStart = layout.take(dy.length);
  // Part 0 sums straight into the result; the others into their own, added after.
  const sums = ranges.map(() => layout.take(dw.length));
  const bufferElements = align4(g.field * g.positions) + g.groupOut * g.field;
  const scratch = takeScratch(layout, wasm, ranges.length, bufferElements);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(x, xStart);
  heap.set(dy, dyStart);
  writeParams(heap, params, [xStart, 0, dyStart], g, p);
  runParts(
    'conv2dBackpropFilter',
    ranges.map(([b0, b1], i) => [
      {
        fn: 'convBackpropFilter',
        args: [params * 4, b0, b1, scratch[i]!.work, scratch[i]!.buffer, sums[i]! * 4],
      },
    ]),
  );
  for (let i = 1; i < sums.length; i++) {
    wasm.kernels.addInto(sums[0]! * 4, sums[i]! * 4, dw.length);
  }
  dw.set(wasm.reserve(0)!.subarray(sums[0]!, sums[0]! + dw.length));
  return true;
}
