import type { Kernel } from '../backend.js';
import { allocate, type TypedArray } from '../dtype.js';
import type { Conv2dParams } from '../primitives.js';
import type { Shape } from '../shape.js';
import { valuesOf, wrapValues } from './cpu-data.js';
import { multiplyPacked } from './matmul.js';

/**
 * Convolutions as matrix products (im2col): each output position's receptive field becomes a
 * row of a "patches" matrix, so the packed matmul kernel does the arithmetic. Work is done
 * one image and one group at a time to keep the patches small.
 */
interface Geometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly height: number;
  readonly width: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly groups: number;
  /** Input channels per group. */
  readonly groupIn: number;
  /** Output channels per group. */
  readonly groupOut: number;
  /** Output positions per image: outHeight * outWidth. */
  readonly positions: number;
  /** Receptive field size: groupIn * kernelHeight * kernelWidth. */
  readonly field: number;
}

function geometry(xShape: Shape, wShape: Shape, yShape: Shape, groups: number): Geometry {
  const inChannels = xShape[1]!;
  const outChannels = wShape[0]!;
  const groupIn = inChannels / groups;
  return {
    batch: xShape[0]!,
    inChannels,
    height: xShape[2]!,
    width: xShape[3]!,
    outChannels,
    kernelHeight: wShape[2]!,
    kernelWidth: wShape[3]!,
    outHeight: yShape[2]!,
    outWidth: yShape[3]!,
    groups,
    groupIn,
    groupOut: outChannels / groups,
    positions: yShape[2]! * yShape[3]!,
    field: groupIn * wShape[2]! * wShape[3]!,
  };
}

/**
 * Visits every (position, field element) pair whose input pixel lies inside the image, with
 * the pixel's offset relative to the group's first channel plane.
 */
function forEachTap(
  g: Geometry,
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
  g: Geometry,
  p: Conv2dParams,
  transposed: boolean,
  out: Float64Array,
): void {
  out.fill(0);
  forEachTap(g, p, (position, fieldIndex, offset) => {
    out[transposed ? fieldIndex * g.positions + position : position * g.field + fieldIndex] =
      x[base + offset]!;
  });
}

/** Copies rows [rowStart, rowStart + rows) of a [*, cols] matrix, transposed if asked. */
function block(
  source: TypedArray,
  rowStart: number,
  rows: number,
  cols: number,
  transposed: boolean,
  out: Float64Array,
): Float64Array {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = source[(rowStart + r) * cols + c]!;
      if (transposed) out[c * rows + r] = value;
      else out[r * cols + c] = value;
    }
  }
  return out;
}

function imageOffset(g: Geometry, n: number, group: number): number {
  return (n * g.inChannels + group * g.groupIn) * g.height * g.width;
}

export const conv2dKernel: Kernel<'conv2d'> = ([x, w], params, output) => {
  const xv = valuesOf(x!);
  const wv = valuesOf(w!);
  const g = geometry(x!.shape, w!.shape, output.shape, params.groups);
  const out = allocate(output.dtype, g.batch * g.outChannels * g.positions);
  const field = new Float64Array(g.positions * g.field);
  const weights = new Float64Array(g.groupOut * g.field);
  for (let group = 0; group < g.groups; group++) {
    block(wv, group * g.groupOut, g.groupOut, g.field, false, weights);
    for (let n = 0; n < g.batch; n++) {
      patches(xv, imageOffset(g, n, group), g, params, false, field);
      // out[n, group's channels, :] = weights [groupOut, field] x patches^T
      const outOffset = (n * g.outChannels + group * g.groupOut) * g.positions;
      multiplyPacked(weights, field, out, outOffset, g.groupOut, g.field, g.positions);
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
  const g = geometry(params.inputShape, w!.shape, dy!.shape, params.groups);
  const dx = allocate(output.dtype, g.batch * g.inChannels * g.height * g.width);
  const weightsT = new Float64Array(g.field * g.groupOut);
  const gradientT = new Float64Array(g.positions * g.groupOut);
  const columns = new Float64Array(g.positions * g.field);
  for (let group = 0; group < g.groups; group++) {
    block(wv, group * g.groupOut, g.groupOut, g.field, true, weightsT);
    for (let n = 0; n < g.batch; n++) {
      block(dyv, n * g.outChannels + group * g.groupOut, g.groupOut, g.positions, true, gradientT);
      // columns [positions, field] = dy^T [positions, groupOut] x weights [groupOut, field]
      multiplyPacked(gradientT, weightsT, columns, 0, g.positions, g.groupOut, g.field);
      const base = imageOffset(g, n, group);
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
  const g = geometry(x!.shape, params.filterShape, dy!.shape, params.groups);
  const dw = new Float64Array(g.outChannels * g.field);
  const fieldT = new Float64Array(g.field * g.positions);
  const gradient = new Float64Array(g.groupOut * g.positions);
  const partial = new Float64Array(g.groupOut * g.field);
  for (let group = 0; group < g.groups; group++) {
    for (let n = 0; n < g.batch; n++) {
      patches(xv, imageOffset(g, n, group), g, params, true, fieldT);
      block(dyv, n * g.outChannels + group * g.groupOut, g.groupOut, g.positions, false, gradient);
      // dw[group's channels] += dy [groupOut, positions] x patches [positions, field]
      multiplyPacked(gradient, fieldT, partial, 0, g.groupOut, g.positions, g.field);
      const start = group * g.groupOut * g.field;
      for (let i = 0; i < partial.length; i++) dw[start + i] = dw[start + i]! + partial[i]!;
    }
  }
  const out = allocate(output.dtype, dw.length);
  out.set(dw);
  return wrapValues(out);
};
