import type { AvgPool2dParams, Pool2dParams } from '../primitives.js';
import type { Shape } from '../shape.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import { WasmLayout, type WasmRuntime, wasmRuntime } from './wasm-runtime.js';

/**
 * Float32 max and average pooling and their gradients in WebAssembly (kernels.wat), with the
 * JS kernels' results: the same first-maximum and NaN rules, and float64 sums and shares. Each
 * function returns false, having written nothing, when the kernels are unavailable or the
 * operands would not fit; the caller then runs the JS path. The planes are split into
 * contiguous ranges, one per thread; no plane's result depends on the split.
 */

/** Input elements per thread below which splitting costs more than it saves. */
const MIN_PART_ELEMENTS = 1 << 16;

/** The plane ranges, one per part. */
function planeRanges(s: PoolSizes): [number, number][] {
  const elements = s.planes * s.height * s.width;
  const parts = Math.max(
    1,
    Math.min(activeThreads(), s.planes, Math.floor(elements / MIN_PART_ELEMENTS)),
  );
  return splitRange(s.planes, parts);
}

interface PoolSizes {
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

function sizes(xShape: Shape, yShape: Shape): PoolSizes {
  return {
    planes: xShape[0]! * xShape[1]!,
    height: xShape[2]!,
    width: xShape[3]!,
    outHeight: yShape[2]!,
    outWidth: yShape[3]!,
  };
}

/** The runtime when every size is positive (the wasm loops run at least once), else null. */
function runtimeFor(s: PoolSizes, p: Pool2dParams): WasmRuntime | null {
  const positive =
    s.planes > 0 &&
    s.height > 0 &&
    s.width > 0 &&
    s.outHeight > 0 &&
    s.outWidth > 0 &&
    p.kernelSize[0] > 0 &&
    p.kernelSize[1] > 0;
  return positive ? wasmRuntime() : null;
}

/**
 * Max pooling of x ([batch, channels, h, w]) into y; with dy and dx given, its gradient into
 * dx instead (y unused).
 */
export function wasmMaxPool2d(
  x: Float32Array,
  xShape: Shape,
  yShape: Shape,
  p: Pool2dParams,
  y: Float32Array,
  gradient?: { readonly dy: Float32Array; readonly dx: Float32Array },
): boolean {
  const s = sizes(xShape, yShape);
  const wasm = runtimeFor(s, p);
  if (wasm === null) return false;
  const layout = new WasmLayout();
  const xStart = layout.take(x.length);
  const yStart = layout.take(s.planes * s.outHeight * s.outWidth);
  const dxStart = gradient === undefined ? 0 : layout.take(x.length);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(x, xStart);
  if (gradient !== undefined) {
    heap.set(gradient.dy, yStart);
    heap.fill(0, dxStart, dxStart + x.length);
  }
  const [inPlane, outPlane] = [s.height * s.width * 4, s.outHeight * s.outWidth * 4];
  runParts(
    gradient === undefined ? 'maxPool2d' : 'maxPool2dBackprop',
    planeRanges(s).map(([p0, p1]) => [
      {
        fn: 'maxPool',
        args: [
          xStart * 4 + p0 * inPlane,
          yStart * 4 + p0 * outPlane,
          gradient === undefined ? 0 : dxStart * 4 + p0 * inPlane,
          p1 - p0,
          s.height,
          s.width,
          s.outHeight,
          s.outWidth,
          p.kernelSize[0],
          p.kernelSize[1],
          p.stride[0],
          p.stride[1],
          p.padding[0],
          p.padding[2],
        ],
      },
    ]),
  );
  const result = wasm.reserve(0)!;
  if (gradient === undefined) y.set(result.subarray(yStart, yStart + y.length));
  else gradient.dx.set(result.subarray(dxStart, dxStart + x.length));
  return true;
}

/**
 * Average pooling of x ([batch, channels, h, w]) into y; or, with `x` null, the gradient: dy
 * given as `y`, written into dx of `xShape`.
 */
export function wasmAvgPool2d(
  x: Float32Array | null,
  xShape: Shape,
  yShape: Shape,
  p: AvgPool2dParams,
  y: Float32Array,
  dx?: Float32Array,
): boolean {
  const s = sizes(xShape, yShape);
  const wasm = runtimeFor(s, p);
  if (wasm === null) return false;
  const inputSize = s.planes * s.height * s.width;
  const layout = new WasmLayout();
  const inputStart = layout.take(inputSize);
  const yStart = layout.take(y.length);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  if (x !== null) heap.set(x, inputStart);
  else {
    heap.set(y, yStart);
    heap.fill(0, inputStart, inputStart + inputSize);
  }
  const [inPlane, outPlane] = [s.height * s.width * 4, s.outHeight * s.outWidth * 4];
  runParts(
    x === null ? 'avgPool2dBackprop' : 'avgPool2d',
    planeRanges(s).map(([p0, p1]) => [
      {
        fn: 'avgPool',
        args: [
          inputStart * 4 + p0 * inPlane,
          yStart * 4 + p0 * outPlane,
          x === null ? inputStart * 4 + p0 * inPlane : 0,
          p1 - p0,
          s.height,
          s.width,
          s.outHeight,
          s.outWidth,
          p.kernelSize[0],
          p.kernelSize[1],
          p.stride[0],
          p.stride[1],
          p.padding[0],
          p.padding[1],
          p.padding[2],
          p.padding[3],
          p.countIncludePad ? 1 : 0,
        ],
      },
    ]),
  );
  const result = wasm.reserve(0)!;
  if (x !== null) y.set(result.subarray(yStart, yStart + y.length));
  else dx?.set(result.subarray(inputStart, inputStart + inputSize));
  return true;
}
