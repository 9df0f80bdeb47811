import { type Conv2dParams, runPrimitive, type Shape, type Tensor } from '@gradkit/tensor';
import type { VjpRule } from './rule.js';

// conv2d is bilinear in (x, w), and its two backprop kernels are its partial adjoints:
//   <conv2d(x, w), dy> = <x, backpropInput(dy, w)> = <w, backpropFilter(x, dy)>.
// Each rule below reads one of these identities from a different side.

function convParams(params: Conv2dParams): Conv2dParams {
  const { stride, padding, dilation, groups } = params;
  return { stride, padding, dilation, groups };
}

export function conv2dOf(x: Tensor, w: Tensor, params: Conv2dParams, outShape: Shape): Tensor {
  return runPrimitive('conv2d', [x, w], convParams(params), { shape: outShape, dtype: x.dtype });
}

export function backpropInput(dy: Tensor, w: Tensor, params: Conv2dParams, inputShape: Shape) {
  return runPrimitive(
    'conv2dBackpropInput',
    [dy, w],
    { ...convParams(params), inputShape },
    { shape: inputShape, dtype: dy.dtype },
  );
}

export function backpropFilter(x: Tensor, dy: Tensor, params: Conv2dParams, filterShape: Shape) {
  return runPrimitive(
    'conv2dBackpropFilter',
    [x, dy],
    { ...convParams(params), filterShape },
    { shape: filterShape, dtype: x.dtype },
  );
}

export const conv2dRule: VjpRule<'conv2d'> = (g, [x, w], _y, params) => [
  () => backpropInput(g, w!, params, x!.shape),
  () => backpropFilter(x!, g, params, w!.shape),
];

/** (dy, w) -> dx: linear in dy (adjoint: conv2d) and in w (adjoint: backpropFilter). */
export const conv2dBackpropInputRule: VjpRule<'conv2dBackpropInput'> = (g, [dy, w], _y, params) => [
  () => conv2dOf(g, w!, params, dy!.shape),
  () => backpropFilter(g, dy!, params, w!.shape),
];

/** (x, dy) -> dw: linear in x (adjoint: backpropInput) and in dy (adjoint: conv2d). */
export const conv2dBackpropFilterRule: VjpRule<'conv2dBackpropFilter'> = (
  g,
  [x, dy],
  _y,
  params,
) => [() => backpropInput(dy!, g, params, x!.shape), () => conv2dOf(x!, g, params, dy!.shape)];
