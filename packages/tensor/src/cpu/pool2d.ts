import type { Kernel } from '../backend.js';
import { allocate } from '../dtype.js';
import type { AvgPool2dParams, Pool2dParams } from '../primitives.js';
import type { Shape } from '../shape.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { takeOutput } from './output-pool.js';
import { wasmAvgPool2d, wasmMaxPool2d } from './pool2d-wasm.js';

interface Window {
  /** Offset of the (n, c) plane in the input. */
  readonly plane: number;
  /** Offset of the output element. */
  readonly outIndex: number;
  readonly hStart: number;
  readonly hEnd: number;
  readonly wStart: number;
  readonly wEnd: number;
  /** Window area within the padded input (PyTorch's count_include_pad divisor). */
  readonly paddedArea: number;
}

/** Visits every pooling window, clipped to the input. */
function forEachWindow(
  xShape: Shape,
  yShape: Shape,
  p: Pool2dParams,
  visit: (w: Window) => void,
): void {
  const [batch, channels, height, width] = xShape as [number, number, number, number];
  const outHeight = yShape[2]!;
  const outWidth = yShape[3]!;
  const [kernelH, kernelW] = p.kernelSize;
  const [strideH, strideW] = p.stride;
  const [padTop, padBottom, padLeft, padRight] = p.padding;
  let outIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideH - padTop;
      const h1 = Math.min(h0 + kernelH, height + padBottom);
      for (let ow = 0; ow < outWidth; ow++, outIndex++) {
        const w0 = ow * strideW - padLeft;
        const w1 = Math.min(w0 + kernelW, width + padRight);
        visit({
          plane: plane * height * width,
          outIndex,
          hStart: Math.max(h0, 0),
          hEnd: Math.min(h1, height),
          wStart: Math.max(w0, 0),
          wEnd: Math.min(w1, width),
          paddedArea: (h1 - h0) * (w1 - w0),
        });
      }
    }
  }
}

/** Index of the first maximum in a window (NaN wins, as in PyTorch), or -1 for an empty one. */
function windowArgmax(x: ArrayLike<number>, width: number, w: Window): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let h = w.hStart; h < w.hEnd; h++) {
    for (let c = w.wStart; c < w.wEnd; c++) {
      const i = w.plane + h * width + c;
      const v = x[i]!;
      if (v !== v) return i;
      if (best < 0 || v > bestValue) {
        best = i;
        bestValue = v;
      }
    }
  }
  return best;
}

export const maxPool2dKernel: Kernel<'maxPool2d'> = ([x], params, output) => {
  const xv = valuesOf(x!);
  const width = x!.shape[3]!;
  // A pooled buffer: every path writes all of it.
  const out = takeOutput(
    output.dtype,
    output.shape.reduce((a, b) => a * b, 1),
  );
  if (xv instanceof Float32Array && out instanceof Float32Array) {
    if (wasmMaxPool2d(xv, x!.shape, output.shape, params, out)) return wrapValues(out);
  }
  forEachWindow(x!.shape, output.shape, params, (w) => {
    const i = windowArgmax(xv, width, w);
    out[w.outIndex] = i < 0 ? Number.NEGATIVE_INFINITY : xv[i]!;
  });
  return wrapValues(out);
};

export const maxPool2dBackpropKernel: Kernel<'maxPool2dBackprop'> = ([x, dy], params, output) => {
  const xv = valuesOf(x!);
  const dyv = valuesOf(dy!);
  const width = x!.shape[3]!;
  // A pooled buffer: the WebAssembly kernel writes all of it; the JS loop adds into zeros.
  const dx = takeOutput(output.dtype, xv.length);
  if (xv instanceof Float32Array && dyv instanceof Float32Array && dx instanceof Float32Array) {
    const gradient = { dy: dyv, dx };
    if (wasmMaxPool2d(xv, x!.shape, dy!.shape, params, dyv, gradient)) return wrapValues(dx);
  }
  dx.fill(0);
  forEachWindow(x!.shape, dy!.shape, params, (w) => {
    const i = windowArgmax(xv, width, w);
    if (i >= 0) dx[i] = dx[i]! + dyv[w.outIndex]!;
  });
  return wrapValues(dx);
};

function divisor(w: Window, countIncludePad: boolean): number {
  return countIncludePad ? w.paddedArea : (w.hEnd - w.hStart) * (w.wEnd - w.wStart);
}

export const avgPool2dKernel: Kernel<'avgPool2d'> = ([x], params: AvgPool2dParams, output) => {
  const xv = valuesOf(x!);
  const width = x!.shape[3]!;
  const out = allocate(
    output.dtype,
    output.shape.reduce((a, b) => a * b, 1),
  );
  if (xv instanceof Float32Array && out instanceof Float32Array) {
    if (wasmAvgPool2d(xv, x!.shape, output.shape, params, out)) return wrapValues(out);
  }
  forEachWindow(x!.shape, output.shape, params, (w) => {
    let sum = 0;
    for (let h = w.hStart; h < w.hEnd; h++) {
      for (let c = w.wStart; c < w.wEnd; c++) sum += xv[w.plane + h * width + c]!;
    }
    out[w.outIndex] = sum / divisor(w, params.countIncludePad);
  });
  return wrapValues(out);
};

export const avgPool2dBackpropKernel: Kernel<'avgPool2dBackprop'> = ([dy], params, output) => {
  const dyv = valuesOf(dy!);
  const width = params.inputShape[3]!;
  const dx = allocate(
    output.dtype,
    output.shape.reduce((a, b) => a * b, 1),
  );
  if (dyv instanceof Float32Array && dx instanceof Float32Array) {
    if (wasmAvgPool2d(null, params.inputShape, dy!.shape, params, dyv, dx)) return wrapValues(dx);
  }
  forEachWindow(params.inputShape, dy!.shape, params, (w) => {
    const share = dyv[w.outIndex]! / divisor(w, params.countIncludePad);
    for (let h = w.hStart; h < w.hEnd; h++) {
      for (let c = w.wStart; c < w.wEnd; c++) {
        const i = w.plane + h * width + c;
        dx[i] = dx[i]! + share;
      }
    }
  });
  return wrapValues(dx);
};
