import {
  type AvgPool2dParams,
  type Pool2dGeometry,
  type Pool2dParams,
  pool2dGeometry,
  type TensorInfo,
} from '@gradkit/tensor';
import type { Shape } from './index-math.js';
import { argument, kernelSource } from './kernel-source.js';
import { literal as f } from './literal.js';
import { countedLoop as loop, namedCoordinates, outputPosition } from './loops.js';
import type { KernelPlan } from './plan.js';

/** Window origin `h0, w0` (with the given suffix) of output (oh, ow). */
function origin(p: Pool2dParams, oh: string, ow: string, suffix: string): string[] {
  return [
    `const h0${suffix} = ${oh} * ${f(p.stride[0])} - ${f(p.padding[0])};`,
    `const w0${suffix} = ${ow} * ${f(p.stride[1])} - ${f(p.padding[2])};`,
  ];
}

function inside(g: Pool2dGeometry, h: string, w: string): string {
  return `${h} >= 0.0 && ${h} < ${f(g.height)} && ${w} >= 0.0 && ${w} < ${f(g.width)}`;
}

function xAt(g: Pool2dGeometry, h: string, w: string): string {
  return `${argument(0)}[plane * ${f(g.height * g.width)} + ${h} * ${f(g.width)} + ${w}]`;
}

/**
 * The first maximum of window (oh, ow) into `best` (value) and `bestH, bestW` (position),
 * a NaN winning as in PyTorch; an empty window leaves -Infinity at position (-1, -1).
 */
function windowArgmax(g: Pool2dGeometry, p: Pool2dParams, oh: string, ow: string): string[] {
  const tap = [
    'const hm = h0m + jh;',
    'const wm = w0m + jw;',
    `if (${inside(g, 'hm', 'wm')}) {`,
    `const v = ${xAt(g, 'hm', 'wm')};`,
    'if (isNan === 0.0) {',
    '  if (!(v === v)) { best = v; bestH = hm; bestW = wm; isNan = 1.0; }',
    '  else if (bestH < 0.0 || v > best) { best = v; bestH = hm; bestW = wm; }',
    '}',
    '}',
  ];
  return [
    ...origin(p, oh, ow, 'm'),
    'let best = -Infinity;',
    'let bestH = -1.0;',
    'let bestW = -1.0;',
    'let isNan = 0.0;',
    ...loop('jh', p.kernelSize[0], loop('jw', p.kernelSize[1], tap)),
  ];
}

export function maxPool2dPlan(x: TensorInfo, p: Pool2dParams, outShape: Shape): KernelPlan {
  const g = pool2dGeometry(x.shape, outShape);
  const body = [
    ...namedCoordinates([g.planes, g.outHeight, g.outWidth], ['plane', 'oh', 'ow']),
    ...windowArgmax(g, p, 'oh', 'ow'),
    'return best;',
  ];
  return { source: kernelSource(1, body), inputs: [x] };
}

/** Each input element gathers dy from the windows whose first maximum it is. */
export function maxPool2dBackpropPlan(x: TensorInfo, dy: TensorInfo, p: Pool2dParams): KernelPlan {
  const g = pool2dGeometry(x.shape, dy.shape);
  const tap = [
    ...outputPosition('oh', 'h', p.padding[0], 'kh', 1, p.stride[0], g.outHeight),
    ...outputPosition('ow', 'w', p.padding[2], 'kw', 1, p.stride[1], g.outWidth),
    'if (ohValid && owValid) {',
    ...windowArgmax(g, p, 'oh', 'ow'),
    'if (bestH === h && bestW === w) {',
    `acc = acc + ${argument(1)}[plane * ${f(g.outHeight * g.outWidth)} + oh * ${f(g.outWidth)} + ow];`,
    '}',
    '}',
  ];
  const body = [
    ...namedCoordinates([g.planes, g.height, g.width], ['plane', 'h', 'w']),
    'let acc = 0.0;',
    ...loop('kh', p.kernelSize[0], loop('kw', p.kernelSize[1], tap)),
    'return acc;',
  ];
  return { source: kernelSource(2, body), inputs: [x, dy] };
}

/** The divisor of window (oh, ow): its area in the padded input, or its in-bounds count. */
function divisor(g: Pool2dGeometry, p: AvgPool2dParams, oh: string, ow: string): string[] {
  return [
    ...origin(p, oh, ow, 'a'),
    `const h1a = Math.min(h0a + ${f(p.kernelSize[0])}, ${f(g.height + p.padding[1])});`,
    `const w1a = Math.min(w0a + ${f(p.kernelSize[1])}, ${f(g.width + p.padding[3])});`,
    p.countIncludePad
      ? 'const divisor = (h1a - h0a) * (w1a - w0a);'
      : `const divisor = (Math.min(h1a, ${f(g.height)}) - Math.max(h0a, 0.0)) * (Math.min(w1a, ${f(g.width)}) - Math.max(w0a, 0.0));`,
  ];
}

export function avgPool2dPlan(x: TensorInfo, p: AvgPool2dParams, outShape: Shape): KernelPlan {
  const g = pool2dGeometry(x.shape, outShape);
  const tap = [
    'const h = h0a + kh;',
    'const w = w0a + kw;',
    `if (${inside(g, 'h', 'w')}) { acc = acc + ${xAt(g, 'h', 'w')}; }`,
  ];
  const body = [
    ...namedCoordinates([g.planes, g.outHeight, g.outWidth], ['plane', 'oh', 'ow']),
    ...divisor(g, p, 'oh', 'ow'),
    'let acc = 0.0;',
    ...loop('kh', p.kernelSize[0], loop('kw', p.kernelSize[1], tap)),
    'return acc / divisor;',
  ];
  return { source: kernelSource(1, body), inputs: [x] };
}

/** Each input element gathers dy / divisor from every window that covers it. */
export function avgPool2dBackpropPlan(
  dy: TensorInfo,
  p: AvgPool2dParams & { readonly inputShape: Shape },
): KernelPlan {
  const g = pool2dGeometry(p.inputShape, dy.shape);
  const tap = [
    ...outputPosition('oh', 'h', p.padding[0], 'kh', 1, p.stride[0], g.outHeight),
    ...outputPosition('ow', 'w', p.padding[2], 'kw', 1, p.stride[1], g.outWidth),
    'if (ohValid && owValid) {',
    ...divisor(g, p, 'oh', 'ow'),
    `acc = acc + ${argument(0)}[plane * ${f(g.outHeight * g.outWidth)} + oh * ${f(g.outWidth)} + ow] / divisor;`,
    '}',
  ];
  const body = [
    ...namedCoordinates([g.planes, g.height, g.width], ['plane', 'h', 'w']),
    'let acc = 0.0;',
    ...loop('kh', p.kernelSize[0], loop('kw', p.kernelSize[1], tap)),
    'return acc;',
  ];
  return { source: kernelSource(1, body), inputs: [dy] };
}
