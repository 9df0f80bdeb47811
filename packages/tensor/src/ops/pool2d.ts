import { runPrimitive, view } from '../engine.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import type { AvgPool2dParams, Pool2dParams } from '../primitives.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from './convert.js';
import { type Pair, pair, symmetric, windowOutput } from './window.js';

export interface Pool2dOptions {
  kernelSize: Pair;
  /** Defaults to kernelSize, as PyTorch. */
  stride?: Pair;
  padding?: Pair;
}

/** @internal Validated pooling parameters and output shape for a 4-D input. */
export function pool2dGeometry(
  op: string,
  shape: readonly number[],
  options: Pool2dOptions,
): { params: Pool2dParams; outShape: number[] } {
  if (options === undefined || options.kernelSize === undefined)
    throw new ValueError(op, 'kernelSize', 'is required');
  const kernelSize = pair(op, 'kernelSize', options.kernelSize, 1);
  const stride = pair(op, 'stride', options.stride ?? kernelSize, 1);
  const padding = pair(op, 'padding', options.padding ?? 0, 0);
  if (padding[0] * 2 > kernelSize[0] || padding[1] * 2 > kernelSize[1]) {
    throw new ValueError(
      op,
      'padding',
      `${JSON.stringify(options.padding)} must be at most half of kernelSize ${JSON.stringify(options.kernelSize)}`,
    );
  }
  const [n, c, h, w] = shape as [number, number, number, number];
  const oh = windowOutput(h, kernelSize[0], stride[0], padding[0], padding[0], 1);
  const ow = windowOutput(w, kernelSize[1], stride[1], padding[1], padding[1], 1);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      op,
      'kernelSize',
      `${kernelSize.join('x')} is larger than the padded input ${h + 2 * padding[0]}x${w + 2 * padding[1]}`,
    );
  }
  return { params: { kernelSize, stride, padding: symmetric(padding) }, outShape: [n, c, oh, ow] };
}

/** Runs a pooling primitive on a 4-D [N, C, H, W] or 3-D [C, H, W] input. */
function pool(
  op: 'maxPool2d' | 'avgPool2d',
  x: Tensor,
  options: Pool2dOptions,
  extra: Partial<AvgPool2dParams>,
): Tensor {
  expectTensor(op, 'x', x);
  if (x.rank !== 3 && x.rank !== 4)
    throw new ShapeError(
      op,
      'x',
      `must be 4-D [batch, channels, height, width] or 3-D, got ${formatShape(x.shape)}`,
    );
  if (x.dtype === 'bool') throw new DTypeError(op, 'x', 'must be numeric, got bool');
  const input = x.rank === 3 ? view(x, [1, ...x.shape]) : x;
  try {
    const { params, outShape } = pool2dGeometry(op, input.shape, options);
    const all = { ...params, ...extra } as AvgPool2dParams;
    const y = runPrimitive(op, [input], all, { shape: outShape, dtype: x.dtype }, ['x']);
    if (x.rank === 4) return y;
    const result = view(y, outShape.slice(1));
    y.dispose();
    return result;
  } finally {
    if (input !== x) input.dispose();
  }
}

/**
 * Max over each window; padding counts as -Infinity, as PyTorch.
 *
 * @example
 * ```ts
 * import { arange, maxPool2d, reshape } from '@gradkit/tensor';
 *
 * const images = reshape(arange(16, undefined, 1, 'float32'), [1, 1, 4, 4]);
 * maxPool2d(images, { kernelSize: 2, stride: 2 }).toArray(); // [[[[5, 7], [13, 15]]]]
 * ```
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return pool('maxPool2d', x, options, {});
}

/**
 * Mean over each window; `countIncludePad` (default true, as PyTorch) counts padded zeros.
 *
 * @example
 * ```ts
 * import { avgPool2d, ones } from '@gradkit/tensor';
 *
 * const images = ones([1, 1, 4, 4]); // [batch, channels, height, width]
 * avgPool2d(images, { kernelSize: 2 }).shape; // [1, 1, 2, 2]
 * ```
 */
export function avgPool2d(
  x: Tensor,
  options: Pool2dOptions & { countIncludePad?: boolean },
): Tensor {
  return pool('avgPool2d', x, options, { countIncludePad: options.countIncludePad ?? true });
}
