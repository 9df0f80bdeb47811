import {
  type AvgPool2dParams,
  greater,
  isNaN,
  logicalAnd,
  logicalNot,
  logicalOr,
  type Pool2dParams,
  pad,
  reshape,
  runPrimitive,
  slice,
  type Tensor,
  where,
} from '@gradkit/tensor';
import type { VjpRule } from './rule.js';

function poolParams(params: Pool2dParams): Pool2dParams {
  const { kernelSize, stride, padding } = params;
  return { kernelSize, stride, padding };
}

/**
 * The value of `t` ([N, C, H, W], padded with `fill`) at kernel tap (i, j) of every pooling
 * window, as [N, C, OH, OW]. Strided access is spelled with contiguous slices and reshapes:
 * take OH*stride rows from row i, fold them into [OH, stride] and keep the first of each.
 */
function windowTap(
  t: Tensor,
  params: Pool2dParams,
  outShape: Shape4,
  fill: number,
  i: number,
  j: number,
): Tensor {
  const [n, c, oh, ow] = outShape;
  const [kh, kw] = params.kernelSize;
  const [sh, sw] = params.stride;
  const [top, , left] = params.padding;
  const height = t.shape[2]!;
  const width = t.shape[3]!;
  const bottom = Math.max(0, kh - 1 + oh * sh - top - height);
  const right = Math.max(0, kw - 1 + ow * sw - left - width);
  const padded = pad(
    t,
    [
      [0, 0],
      [0, 0],
      [top, bottom],
      [left, right],
    ],
    fill,
  );
  const paddedWidth = padded.shape[3]!;
  const rows = reshape(slice(padded, [0, 0, i, 0], [n, c, oh * sh, paddedWidth]), [
    n,
    c,
    oh,
    sh,
    paddedWidth,
  ]);
  const row = reshape(slice(rows, [0, 0, 0, 0, 0], [n, c, oh, 1, paddedWidth]), [
    n,
    c,
    oh,
    paddedWidth,
  ]);
  const columns = reshape(slice(row, [0, 0, 0, j], [n, c, oh, ow * sw]), [n, c, oh, ow, sw]);
  return reshape(slice(columns, [0, 0, 0, 0, 0], [n, c, oh, ow, 1]), [n, c, oh, ow]);
}

type Shape4 = readonly [number, number, number, number];

/**
 * The adjoint of maxPool2dBackprop in dy: g at the position each window's maximum came
 * from, chosen as the kernel does (first maximum in row-major order, NaN wins).
 */
function atWindowMaximum(x: Tensor, g: Tensor, params: Pool2dParams, outShape: Shape4): Tensor {
  const [kh, kw] = params.kernelSize;
  let best = windowTap(x, params, outShape, Number.NEGATIVE_INFINITY, 0, 0);
  let picked = windowTap(g, params, outShape, 0, 0, 0);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      if (i === 0 && j === 0) continue;
      const candidate = windowTap(x, params, outShape, Number.NEGATIVE_INFINITY, i, j);
      const wins = logicalOr(
        greater(candidate, best),
        logicalAnd(isNaN(candidate), logicalNot(isNaN(best))),
      );
      best = where(wins, candidate, best);
      picked = where(wins, windowTap(g, params, outShape, 0, i, j), picked);
    }
  }
  return picked;
}

/** The maximum's position gets the cotangent (the first one on ties, as PyTorch's indices). */
export const maxPool2dRule: VjpRule<'maxPool2d'> = (g, [x], _y, params) => [
  () =>
    runPrimitive('maxPool2dBackprop', [x!, g], poolParams(params), {
      shape: x!.shape,
      dtype: x!.dtype,
    }),
];

/** Linear in dy; x only picks the routes, so it gets no gradient (0 almost everywhere). */
export const maxPool2dBackpropRule: VjpRule<'maxPool2dBackprop'> = (g, [x, dy], _y, params) => [
  null,
  () => atWindowMaximum(x!, g, params, dy!.shape as unknown as Shape4),
];

function avgParams(params: AvgPool2dParams): AvgPool2dParams {
  return { ...poolParams(params), countIncludePad: params.countIncludePad };
}

export const avgPool2dRule: VjpRule<'avgPool2d'> = (g, [x], _y, params) => [
  () =>
    runPrimitive(
      'avgPool2dBackprop',
      [g],
      { ...avgParams(params), inputShape: x!.shape },
      { shape: x!.shape, dtype: x!.dtype },
    ),
];

/** avgPool2dBackprop is the adjoint of avgPool2d, so its own adjoint is avgPool2d. */
export const avgPool2dBackpropRule: VjpRule<'avgPool2dBackprop'> = (g, [dy], _y, params) => [
  () => runPrimitive('avgPool2d', [g], avgParams(params), { shape: dy!.shape, dtype: dy!.dtype }),
];
