import type { Shape } from './shape.js';

/**
 * A grouped 2-D convolution's sizes as its kernels see them (NCHW input, OIHW filter), shared
 * by the forward pass and both gradients, on every backend.
 */
export interface Conv2dGeometry {
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

/**
 * The sizes of conv2d with input `xShape`, filter `wShape` and output `yShape` (already
 * checked by the op), for a backend's kernels.
 *
 * @example
 * ```ts
 * import { conv2dGeometry } from '@gradkit/tensor';
 *
 * const g = conv2dGeometry([2, 4, 8, 8], [6, 2, 3, 3], [2, 6, 6, 6], 2);
 * console.log(g.groupIn, g.field, g.positions); // 2 18 36
 * ```
 */
export function conv2dGeometry(
  xShape: Shape,
  wShape: Shape,
  yShape: Shape,
  groups: number,
): Conv2dGeometry {
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

/** A 2-D pooling's sizes as its kernels see them: the NCHW input as planes of h x w. */
export interface Pool2dGeometry {
  /** Batch times channels: pooling treats each (n, c) plane alone. */
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/**
 * The sizes of a pooling with input `xShape` and output `yShape` (already checked by the
 * op), for a backend's kernels.
 *
 * @example
 * ```ts
 * import { pool2dGeometry } from '@gradkit/tensor';
 *
 * const g = pool2dGeometry([2, 3, 8, 8], [2, 3, 4, 4]);
 * console.log(g.planes, g.outHeight); // 6 4
 * ```
 */
export function pool2dGeometry(xShape: Shape, yShape: Shape): Pool2dGeometry {
  return {
    planes: xShape[0]! * xShape[1]!,
    height: xShape[2]!,
    width: xShape[3]!,
    outHeight: yShape[2]!,
    outWidth: yShape[3]!,
  };
}
