import type { AvgPool2dParams, Pool2dParams } from '../primitives.js';
import type { Shape } from '../shape.js';
import { type Pool2dGeometry, pool2dGeometry } from '../window-geometry.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import { type WasmRuntime, wasmRuntime } from './wasm-runtime.js';
import { copyOut, stageRegions, type WasmRegion } from './wasm-staging.js';

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
function planeRanges(g: Pool2dGeometry): [number, number][] {
  const elements = g.planes * g.height * g.width;
  const parts = Math.max(
    1,
    Math.min(activeThreads(), g.planes, Math.floor(elements / MIN_PART_ELEMENTS)),
  );
  return splitRange(g.planes, parts);
}

/** The runtime when every size is positive (the wasm loops run at least once), else null. */
function runtimeFor(g: Pool2dGeometry, p: Pool2dParams): WasmRuntime | null {
  const positive =
    g.planes > 0 &&
    g.height > 0 &&
    g.width > 0 &&
    g.outHeight > 0 &&
    g.outWidth > 0 &&
    p.kernelSize[0] > 0 &&
    p.kernelSize[1] > 0;
  return positive ? wasmRuntime() : null;
}

/**
 * Stages the input-sized and output-sized regions (and dx's), runs `fn` over the plane ranges
 * (its arguments: the input, output and gradient planes of the part, its plane count, then
 * `settings`) and returns the regions' starts, or null, having run nothing. The gradient
 * plane is dx's, the input's when `gradientIntoInput`, or none (0).
 */
function runPooling(
  wasm: WasmRuntime,
  g: Pool2dGeometry,
  primitive: 'maxPool2d' | 'maxPool2dBackprop' | 'avgPool2d' | 'avgPool2dBackprop',
  fn: 'maxPool' | 'avgPool',
  regions: {
    readonly input: WasmRegion;
    readonly output: WasmRegion;
    readonly dx?: WasmRegion;
    readonly gradientIntoInput?: boolean;
  },
  settings: readonly number[],
): { input: number; output: number; dx: number } | null {
  const starts = stageRegions(wasm, [
    regions.input,
    regions.output,
    ...(regions.dx === undefined ? [] : [regions.dx]),
  ]);
  if (starts === null) return null;
  const [input, output, dx] = starts as [number, number, number | undefined];
  const gradient = regions.gradientIntoInput === true ? input : dx;
  const [inPlane, outPlane] = [g.height * g.width * 4, g.outHeight * g.outWidth * 4];
  runParts(
    primitive,
    planeRanges(g).map(([p0, p1]) => [
      {
        fn,
        args: [
          input * 4 + p0 * inPlane,
          output * 4 + p0 * outPlane,
          gradient === undefined ? 0 : gradient * 4 + p0 * inPlane,
          p1 - p0,
          g.height,
          g.width,
          g.outHeight,
          g.outWidth,
          ...settings,
        ],
      },
    ]),
  );
  return { input, output, dx: dx ?? 0 };
}

/**
 * Max pooling of x ([batch, channels, h, w]) into y; with dy and dx given, its gradient into
 * dx instead (y unused).
 */
/**
 * Whether 2x2 stride-2 windows cover the whole image, four at a time (kernels.wat's vector
 * path): the backward kernel then writes every pixel of dx, which needs no zeroing first.
 */
function tiledByVectors(g: Pool2dGeometry, p: Pool2dParams): boolean {
  return (
    p.kernelSize[0] === 2 &&
    p.kernelSize[1] === 2 &&
    p.stride[0] === 2 &&
    p.stride[1] === 2 &&
    p.padding[0] === 0 &&
    p.padding[2] === 0 &&
    g.height === 2 * g.outHeight &&
    g.width === 2 * g.outWidth &&
    g.outWidth >= 4
  );
}

export function wasmMaxPool2d(
  x: Float32Array,
  xShape: Shape,
  yShape: Shape,
  p: Pool2dParams,
  y: Float32Array,
  gradient?: { readonly dy: Float32Array; readonly dx: Float32Array },
): boolean {
  const g = pool2dGeometry(xShape, yShape);
  const wasm = runtimeFor(g, p);
  if (wasm === null) return false;
  const outElements = g.planes * g.outHeight * g.outWidth;
  const starts = runPooling(
    wasm,
    g,
    gradient === undefined ? 'maxPool2d' : 'maxPool2dBackprop',
    'maxPool',
    gradient === undefined
      ? { input: { from: x }, output: { elements: outElements, into: y } }
      : {
          input: { from: x },
          output: { from: gradient.dy, elements: outElements },
          dx: { elements: x.length, zero: !tiledByVectors(g, p), into: gradient.dx },
        },
    [...p.kernelSize, ...p.stride, p.padding[0], p.padding[2]],
  );
  if (starts === null) return false;
  if (gradient === undefined) copyOut(wasm, starts.output, y);
  else copyOut(wasm, starts.dx, gradient.dx);
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
  const g = pool2dGeometry(xShape, yShape);
  const wasm = runtimeFor(g, p);
  if (wasm === null) return false;
  const inputElements = g.planes * g.height * g.width;
  // The gradient accumulates into the input-sized region.
  const starts = runPooling(
    wasm,
    g,
    x === null ? 'avgPool2dBackprop' : 'avgPool2d',
    'avgPool',
    x === null
      ? {
          input: { elements: inputElements, zero: true, into: dx },
          output: { from: y },
          gradientIntoInput: true,
        }
      : { input: { from: x }, output: { elements: y.length, into: y } },
    [...p.kernelSize, ...p.stride, ...p.padding, p.countIncludePad ? 1 : 0],
  );
  if (starts === null) return false;
  if (x !== null) copyOut(wasm, starts.output, y);
  else if (dx !== undefined) copyOut(wasm, starts.input, dx);
  return true;
}
