import type { Shape } from '../shape.js';

/** A grouped 2-d convolution's sizes, shared by its forward and gradient kernels. */
export interface Geometry {
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

export function geometry(xShape: Shape, wShape: Shape, yShape: Shape, groups: number): Geometry {
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
