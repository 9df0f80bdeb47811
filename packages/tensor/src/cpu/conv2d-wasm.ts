import type { Conv2dParams } from '../primitives.js';
import type { Conv2dGeometry } from '../window-geometry.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import { type WasmRuntime, wasmRuntime } from './wasm-runtime.js';
import { copyOut, stageRegions, type WasmRegion } from './wasm-staging.js';

/**
 * Float32 conv2d and its two gradients entirely in WebAssembly (kernels.wat): the operands are
 * copied into linear memory once (or read where they are, arena arrays), im2col, the GEMM and
 * col2im run there, and the result is copied out once (or written in place). The batch is split into contiguous ranges of images, one per thread (fixed
 * by the thread count and the sizes). Each function returns false, having written nothing,
 * when the kernels are unavailable or the operands would not fit; the caller then runs the JS
 * path.
 */

/** Multiply-adds per thread below which splitting a convolution costs more than it saves. */
const MIN_PART_WORK = 1 << 18;
/** Int32 fields of the description kernels.wat reads. */
const PARAMS_FIELDS = 22;

/** Whether every size is positive: the wasm loops run at least once. */
function nonEmpty(g: Conv2dGeometry): boolean {
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

function runtimeFor(g: Conv2dGeometry): WasmRuntime | null {
  return nonEmpty(g) ? wasmRuntime() : null;
}

/** The image ranges, one per part: as many parts as threads while each has enough work. */
function imageRanges(g: Conv2dGeometry): [number, number][] {
  const work = g.batch * g.outChannels * g.positions * g.field;
  const parts = Math.max(1, Math.min(activeThreads(), g.batch, Math.floor(work / MIN_PART_WORK)));
  return splitRange(g.batch, parts);
}

/** Writes the convolution's description (see kernels.wat) at element `at`. */
function writeParams(
  heap: Float32Array,
  at: number,
  pointers: readonly [number, number, number],
  g: Conv2dGeometry,
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

/** One convolution kernel call: what it reads and writes, and how it finds them. */
interface ConvolutionCall {
  readonly primitive: 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter';
  readonly fn: 'convForward' | 'convBackpropInput' | 'convBackpropFilter';
  /** The two operands, copied in. */
  readonly operands: readonly [Float32Array, Float32Array];
  /** The output regions. */
  readonly outputs: readonly WasmRegion[];
  /** The description's three pointers (elements), from the operands' and outputs' starts. */
  readonly pointers: (
    operands: readonly number[],
    outputs: readonly number[],
  ) => readonly [number, number, number];
  /** Float32s of each part's buffer, beside its GEMM scratch. */
  readonly bufferElements: number;
  /** Arguments of part `i` after its scratch. */
  readonly extraArgs?: (i: number, outputs: readonly number[]) => number[];
}

/**
 * Copies the operands in once, runs `call` over the image ranges, one part per thread, and
 * returns the outputs' starts (elements), or null, having run nothing, when memory is short.
 */
function runConvolution(
  wasm: WasmRuntime,
  g: Conv2dGeometry,
  p: Conv2dParams,
  ranges: readonly [number, number][],
  call: ConvolutionCall,
): number[] | null {
  const scratch = ranges.flatMap(() => [
    { elements: wasm.workBytes / 4 },
    { elements: call.bufferElements },
  ]);
  const starts = stageRegions(wasm, [
    { elements: PARAMS_FIELDS },
    ...call.operands.map((from) => ({ from })),
    ...call.outputs,
    ...scratch,
  ]);
  if (starts === null) return null;
  const params = starts[0]!;
  const operands = starts.slice(1, 3);
  const outputs = starts.slice(3, 3 + call.outputs.length);
  const scratchStarts = starts.slice(3 + call.outputs.length);
  writeParams(wasm.reserve(0)!, params, call.pointers(operands, outputs), g, p);
  runParts(
    call.primitive,
    ranges.map(([b0, b1], i) => [
      {
        fn: call.fn,
        args: [
          params * 4,
          b0,
          b1,
          scratchStarts[2 * i]! * 4,
          scratchStarts[2 * i + 1]! * 4,
          ...(call.extraArgs?.(i, outputs) ?? []),
        ],
      },
    ]),
  );
  return outputs;
}

const align4 = (elements: number) => (elements + 3) & ~3;

/** y = conv2d(x, w) into `out` ([batch, outChannels, oh, ow]). */
export function wasmConv2d(
  x: Float32Array,
  w: Float32Array,
  g: Conv2dGeometry,
  p: Conv2dParams,
  out: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const outputs = runConvolution(wasm, g, p, imageRanges(g), {
    primitive: 'conv2d',
    fn: 'convForward',
    operands: [x, w],
    outputs: [{ elements: out.length, into: out }],
    pointers: ([xStart, wStart], [yStart]) => [xStart!, wStart!, yStart!],
    bufferElements: g.field * g.positions,
  });
  if (outputs === null) return false;
  copyOut(wasm, outputs[0]!, out);
  return true;
}

/** dx = the gradient of conv2d with respect to its input, into `dx`. */
export function wasmConv2dBackpropInput(
  dy: Float32Array,
  w: Float32Array,
  g: Conv2dGeometry,
  p: Conv2dParams,
  dx: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const outputs = runConvolution(wasm, g, p, imageRanges(g), {
    primitive: 'conv2dBackpropInput',
    fn: 'convBackpropInput',
    operands: [dy, w],
    outputs: [{ elements: dx.length, zero: true, into: dx }],
    pointers: ([dyStart, wStart], [dxStart]) => [dxStart!, wStart!, dyStart!],
    bufferElements: g.field * g.positions,
  });
  if (outputs === null) return false;
  copyOut(wasm, outputs[0]!, dx);
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
  g: Conv2dGeometry,
  p: Conv2dParams,
  dw: Float32Array,
): boolean {
  const wasm = runtimeFor(g);
  if (wasm === null) return false;
  const ranges = imageRanges(g);
  // Part 0 sums straight into the result; the others into their own, added after.
  const sums = runConvolution(wasm, g, p, ranges, {
    primitive: 'conv2dBackpropFilter',
    fn: 'convBackpropFilter',
    operands: [x, dy],
    outputs: ranges.map((_, i) => ({ elements: dw.length, into: i === 0 ? dw : undefined })),
    pointers: ([xStart, dyStart]) => [xStart!, 0, dyStart!],
    bufferElements: align4(g.field * g.positions) + g.groupOut * g.field,
    extraArgs: (i, outputs) => [outputs[i]! * 4],
  });
  if (sums === null) return false;
  for (let i = 1; i < sums.length; i++) {
    wasm.kernels.addInto(sums[0]! * 4, sums[i]! * 4, dw.length);
  }
  copyOut(wasm, sums[0]!, dw);
  return true;
}
