import {
  type Conv2dGeometry,
  type Conv2dParams,
  conv2dGeometry,
  type TensorInfo,
} from '@gradkit/tensor';
import type { Shape } from './index-math.js';
import { argument, kernelSource } from './kernel-source.js';
import { literal as f } from './literal.js';
import { namedCoordinates as coordinates, countedLoop as loop, outputPosition } from './loops.js';
import type { KernelPlan } from './plan.js';

function xIndex(g: Conv2dGeometry, n: string, c: string, h: string, w: string): string {
  return `((${n} * ${f(g.inChannels)} + ${c}) * ${f(g.height)} + ${h}) * ${f(g.width)} + ${w}`;
}

function yIndex(g: Conv2dGeometry, n: string, c: string, h: string, w: string): string {
  return `((${n} * ${f(g.outChannels)} + ${c}) * ${f(g.outHeight)} + ${h}) * ${f(g.outWidth)} + ${w}`;
}

function wIndex(g: Conv2dGeometry, oc: string, icg: string, kh: string, kw: string): string {
  return `((${oc} * ${f(g.groupIn)} + ${icg}) * ${f(g.kernelHeight)} + ${kh}) * ${f(g.kernelWidth)} + ${kw}`;
}

/** y[n, oc, oh, ow] = sum over the group's input channels and the taps inside the input. */
export function conv2dPlan(
  x: TensorInfo,
  w: TensorInfo,
  p: Conv2dParams,
  outShape: Shape,
): KernelPlan {
  const g = conv2dGeometry(x.shape, w.shape, outShape, p.groups);
  const tap = [
    `const ih = oh * ${f(p.stride[0])} - ${f(p.padding[0])} + kh * ${f(p.dilation[0])};`,
    `const iw = ow * ${f(p.stride[1])} - ${f(p.padding[2])} + kw * ${f(p.dilation[1])};`,
    `if (ih >= 0.0 && ih < ${f(g.height)} && iw >= 0.0 && iw < ${f(g.width)}) {`,
    `const ic = group * ${f(g.groupIn)} + icg;`,
    `acc = acc + ${argument(1)}[${wIndex(g, 'oc', 'icg', 'kh', 'kw')}] * ${argument(0)}[${xIndex(g, 'n', 'ic', 'ih', 'iw')}];`,
    '}',
  ];
  const body = [
    ...coordinates(outShape, ['n', 'oc', 'oh', 'ow']),
    `const group = Math.floor(oc / ${f(g.groupOut)});`,
    'let acc = 0.0;',
    ...loop('icg', g.groupIn, loop('kh', g.kernelHeight, loop('kw', g.kernelWidth, tap))),
    'return acc;',
  ];
  return { source: kernelSource(2, body), inputs: [x, w] };
}

/** dx[n, ic, ih, iw] = sum of dy * w over the outputs each tap of ic feeds. */
export function conv2dBackpropInputPlan(
  dy: TensorInfo,
  w: TensorInfo,
  p: Conv2dParams & { readonly inputShape: Shape },
): KernelPlan {
  const g = conv2dGeometry(p.inputShape, w.shape, dy.shape, p.groups);
  const tap = [
    ...outputPosition('oh', 'ih', p.padding[0], 'kh', p.dilation[0], p.stride[0], g.outHeight),
    ...outputPosition('ow', 'iw', p.padding[2], 'kw', p.dilation[1], p.stride[1], g.outWidth),
    'if (ohValid && owValid) {',
    `const oc = group * ${f(g.groupOut)} + ocg;`,
    `acc = acc + ${argument(1)}[${wIndex(g, 'oc', 'icg', 'kh', 'kw')}] * ${argument(0)}[${yIndex(g, 'n', 'oc', 'oh', 'ow')}];`,
    '}',
  ];
  const body = [
    ...coordinates(p.inputShape, ['n', 'ic', 'ih', 'iw']),
    `const group = Math.floor(ic / ${f(g.groupIn)});`,
    `const icg = ic - group * ${f(g.groupIn)};`,
    'let acc = 0.0;',
    ...loop('ocg', g.groupOut, loop('kh', g.kernelHeight, loop('kw', g.kernelWidth, tap))),
    'return acc;',
  ];
  return { source: kernelSource(2, body), inputs: [dy, w] };
}

/** dw[oc, icg, kh, kw] = sum over batch and output positions of dy * x at that tap. */
export function conv2dBackpropFilterPlan(
  x: TensorInfo,
  dy: TensorInfo,
  p: Conv2dParams & { readonly filterShape: Shape },
): KernelPlan {
  const g = conv2dGeometry(x.shape, p.filterShape, dy.shape, p.groups);
  const tap = [
    `const ih = oh * ${f(p.stride[0])} - ${f(p.padding[0])} + kh * ${f(p.dilation[0])};`,
    `const iw = ow * ${f(p.stride[1])} - ${f(p.padding[2])} + kw * ${f(p.dilation[1])};`,
    `if (ih >= 0.0 && ih < ${f(g.height)} && iw >= 0.0 && iw < ${f(g.width)}) {`,
    `acc = acc + ${argument(1)}[${yIndex(g, 'n', 'oc', 'oh', 'ow')}] * ${argument(0)}[${xIndex(g, 'n', 'ic', 'ih', 'iw')}];`,
    '}',
  ];
  const body = [
    ...coordinates(p.filterShape, ['oc', 'icg', 'kh', 'kw']),
    `const ic = Math.floor(oc / ${f(g.groupOut)}) * ${f(g.groupIn)} + icg;`,
    'let acc = 0.0;',
    ...loop('n', g.batch, loop('oh', g.outHeight, loop('ow', g.outWidth, tap))),
    'return acc;',
  ];
  return { source: kernelSource(2, body), inputs: [x, dy] };
}
