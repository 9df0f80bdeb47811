import { runPrimitive } from '../engine.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import type { Conv2dParams, Padding2d } from '../primitives.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { castOperand, expectTensor, release } from './convert.js';
import { reshape } from './reshape.js';
import { type Pair, pair, symmetric, windowOutput } from './window.js';

export interface Conv2dOptions {
  stride?: Pair;
  /** A number, [height, width], or 'valid' (0) / 'same' (stride 1 only), as PyTorch. */
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
  /** Optional bias of shape [outChannels]. */
  bias?: Tensor;
}

/** @internal Validated conv2d parameters and output shape. */
export function conv2dGeometry(
  op: string,
  xShape: readonly number[],
  wShape: readonly number[],
  options: Conv2dOptions,
): { params: Conv2dParams; outShape: number[] } {
  if (xShape.length !== 4)
    throw new ShapeError(
      op,
      'x',
      `must be 4-D [batch, channels, height, width] (NCHW), got ${formatShape(xShape)}`,
    );
  if (wShape.length !== 4)
    throw new ShapeError(
      op,
      'w',
      `must be 4-D [outChannels, inChannels/groups, kernelH, kernelW] (OIHW), got ${formatShape(wShape)}`,
    );
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new ValueError(op, 'groups', `must be a positive integer, got ${groups}`);
  const [n, c, h, w] = xShape as [number, number, number, number];
  const [o, cg, kh, kw] = wShape as [number, number, number, number];
  if (c % groups !== 0 || o % groups !== 0) {
    throw new ShapeError(
      op,
      'groups',
      `${groups} must divide both input channels (${c}) and output channels (${o})`,
    );
  }
  if (cg !== c / groups) {
    throw new ShapeError(
      op,
      'w',
      `has ${cg} input channels per group (shape ${formatShape(wShape)}) but x has ${c} channels in ${groups} group(s): expected ${c / groups}`,
    );
  }
  const stride = pair(op, 'stride', options.stride ?? 1, 1);
  const dilation = pair(op, 'dilation', options.dilation ?? 1, 1);
  let padding: Padding2d;
  const requested = options.padding ?? 0;
  if (requested === 'valid') {
    padding = [0, 0, 0, 0];
  } else if (requested === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1)
      throw new ValueError(
        op,
        'padding',
        `'same' requires stride 1, got ${JSON.stringify(options.stride)}`,
      );
    // PyTorch puts the odd extra row/column at the bottom/right.
    const totalH = dilation[0] * (kh - 1);
    const totalW = dilation[1] * (kw - 1);
    padding = [
      Math.floor(totalH / 2),
      totalH - Math.floor(totalH / 2),
      Math.floor(totalW / 2),
      totalW - Math.floor(totalW / 2),
    ];
  } else {
    padding = symmetric(pair(op, 'padding', requested, 0));
  }
  const oh = windowOutput(h, kh, stride[0], padding[0], padding[1], dilation[0]);
  const ow = windowOutput(w, kw, stride[1], padding[2], padding[3], dilation[1]);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      op,
      'w',
      `kernel ${kh}x${kw} (dilation ${dilation.join('x')}) is larger than the padded input ${h + padding[0] + padding[1]}x${w + padding[2] + padding[3]}`,
    );
  }
  return { params: { stride, padding, dilation, groups }, outShape: [n, o, oh, ow] };
}

/**
 * 2-D convolution (cross-correlation, as PyTorch) of x [N, C, H, W] with w [O, C/groups, KH, KW].
 *
 * @example
 * ```ts
 * import { conv2d, ones } from '@gradkit/tensor';
 *
 * const images = ones([1, 3, 8, 8]); // [N, C, H, W]
 * const filters = ones([4, 3, 3, 3]); // [O, C, KH, KW]
 * const y = conv2d(images, filters, { stride: 1, padding: 'same' }); // [1, 4, 8, 8]
 * ```
 */
export function conv2d(x: Tensor, w: Tensor, options: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  expectTensor(op, 'x', x);
  expectTensor(op, 'w', w);
  if (x.dtype === 'bool' || w.dtype === 'bool')
    throw new DTypeError(op, x.dtype === 'bool' ? 'x' : 'w', 'must be numeric, got bool');
  if (x.dtype !== w.dtype)
    throw new DTypeError(op, 'w', `has dtype ${w.dtype} but x has ${x.dtype}; cast one first`);
  const { params, outShape } = conv2dGeometry(op, x.shape, w.shape, options);
  const y = runPrimitive('conv2d', [x, w], params, { shape: outShape, dtype: x.dtype }, ['x', 'w']);
  if (options.bias === undefined) return y;
  const bias = expectTensor(op, 'bias', options.bias);
  if (bias.rank !== 1 || bias.shape[0] !== outShape[1]) {
    y.dispose();
    throw new ShapeError(
      op,
      'bias',
      `must have shape [${outShape[1]}], got ${formatShape(bias.shape)}`,
    );
  }
  const column = reshape(bias, [1, outShape[1]!, 1, 1]);
  const cast = castOperand({ tensor: column, owned: true }, x.dtype);
  const result = add(y, cast.tensor);
  release(cast);
  y.dispose();
  return result;
}
