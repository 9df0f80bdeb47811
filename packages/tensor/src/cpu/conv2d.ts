import type { Kernel } from '../backend.js';
import { allocate } from '../dtype.js';
import type { Conv2dParams } from '../primitives.js';
import type { Shape } from '../shape.js';
import { valuesOf, wrapValues } from './cpu-data.js';

interface ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly height: number;
  readonly width: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

function geometry(xShape: Shape, wShape: Shape, yShape: Shape): ConvGeometry {
  return {
    batch: xShape[0]!,
    inChannels: xShape[1]!,
    height: xShape[2]!,
    width: xShape[3]!,
    outChannels: wShape[0]!,
    kernelHeight: wShape[2]!,
    kernelWidth: wShape[3]!,
    outHeight: yShape[2]!,
    outWidth: yShape[3]!,
  };
}

/**
 * Visits each output row segment that one kernel tap touches: x[xBase + ow*strideW] pairs
 * with y[yBase + ow] for ow in [owStart, owEnd), through filter element wIndex.
 * The three conv kernels differ only in what they do with such a row.
 */
function forEachConvRow(
  g: ConvGeometry,
  p: Conv2dParams,
  visit: (xBase: number, yBase: number, owStart: number, owEnd: number, wIndex: number) => void,
): void {
  const [strideH, strideW] = p.stride;
  const [padTop, , padLeft] = p.padding;
  const [dilationH, dilationW] = p.dilation;
  const groupIn = g.inChannels / p.groups;
  const groupOut = g.outChannels / p.groups;
  const plane = g.height * g.width;
  const outPlane = g.outHeight * g.outWidth;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      const group = Math.floor(oc / groupOut);
      const yChannel = (n * g.outChannels + oc) * outPlane;
      for (let icg = 0; icg < groupIn; icg++) {
        const ic = group * groupIn + icg;
        const xChannel = (n * g.inChannels + ic) * plane;
        for (let kh = 0; kh < g.kernelHeight; kh++) {
          for (let kw = 0; kw < g.kernelWidth; kw++) {
            const wIndex = ((oc * groupIn + icg) * g.kernelHeight + kh) * g.kernelWidth + kw;
            const columnShift = kw * dilationW - padLeft;
            const owStart = Math.max(0, Math.ceil(-columnShift / strideW));
            const owEnd = Math.min(
              g.outWidth,
              Math.floor((g.width - 1 - columnShift) / strideW) + 1,
            );
            if (owStart >= owEnd) continue;
            for (let oh = 0; oh < g.outHeight; oh++) {
              const ih = oh * strideH - padTop + kh * dilationH;
              if (ih < 0 || ih >= g.height) continue;
              visit(
                xChannel + ih * g.width + columnShift,
                yChannel + oh * g.outWidth,
                owStart,
                owEnd,
                wIndex,
              );
            }
          }
        }
      }
    }
  }
}

export const conv2dKernel: Kernel<'conv2d'> = ([x, w], params, output) => {
  const xv = valuesOf(x!);
  const wv = valuesOf(w!);
  const out = allocate(
    output.dtype,
    output.shape.reduce((a, b) => a * b, 1),
  );
  const strideW = params.stride[1];
  forEachConvRow(
    geometry(x!.shape, w!.shape, output.shape),
    params,
    (xBase, yBase, start, end, wIndex) => {
      const weight = wv[wIndex]!;
      for (let ow = start; ow < end; ow++)
        out[yBase + ow] = out[yBase + ow]! + weight * xv[xBase + ow * strideW]!;
    },
  );
  return wrapValues(out);
};

export const conv2dBackpropInputKernel: Kernel<'conv2dBackpropInput'> = (
  [dy, w],
  params,
  output,
) => {
  const dyv = valuesOf(dy!);
  const wv = valuesOf(w!);
  const dx = allocate(
    output.dtype,
    output.shape.reduce((a, b) => a * b, 1),
  );
  const strideW = params.stride[1];
  forEachConvRow(
    geometry(params.inputShape, w!.shape, dy!.shape),
    params,
    (xBase, yBase, start, end, wIndex) => {
      const weight = wv[wIndex]!;
      for (let ow = start; ow < end; ow++) {
        const i = xBase + ow * strideW;
        dx[i] = dx[i]! + weight * dyv[yBase + ow]!;
      }
    },
  );
  return wrapValues(dx);
};

export const conv2dBackpropFilterKernel: Kernel<'conv2dBackpropFilter'> = (
  [x, dy],
  params,
  output,
) => {
  const xv = valuesOf(x!);
  const dyv = valuesOf(dy!);
  const dw = new Float64Array(output.shape.reduce((a, b) => a * b, 1));
  const strideW = params.stride[1];
  forEachConvRow(
    geometry(x!.shape, params.filterShape, dy!.shape),
    params,
    (xBase, yBase, start, end, wIndex) => {
      let acc = 0;
      for (let ow = start; ow < end; ow++) acc += dyv[yBase + ow]! * xv[xBase + ow * strideW]!;
      dw[wIndex] = dw[wIndex]! + acc;
    },
  );
  const out = allocate(output.dtype, dw.length);
  out.set(dw);
  return wrapValues(out);
};
