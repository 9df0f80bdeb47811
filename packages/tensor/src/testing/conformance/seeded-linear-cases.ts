// matmul, conv2d and pooling on seeded inputs, with the primitives of their gradients
// (called through runPrimitive, as autograd's rules call them): every transpose, batches
// that broadcast, strides, padding, dilation and groups, and sizes that split across threads.
import {
  avgPool2d,
  conv2d,
  dot,
  matmul,
  maxPool2d,
  runPrimitive,
  type Tensor,
} from '../../index.js';
import { ACCUMULATED, at, floats, type SeededCase, shapeName } from './seeded-case.js';

const MATMULS: readonly (readonly [readonly number[], readonly number[], boolean, boolean])[] = [
  [[5, 7], [7, 3], false, false],
  [[7, 5], [7, 3], true, false],
  [[5, 7], [3, 7], false, true],
  [[7, 5], [3, 7], true, true],
  [[2, 5, 7], [2, 7, 3], false, false],
  [[2, 1, 5, 7], [3, 7, 4], false, false],
  [[3, 7, 5], [4, 7], true, true],
  [[96, 80], [80, 72], false, false],
  [[96, 80], [72, 80], false, true],
];

function matmulCases(): SeededCase[] {
  const cases = MATMULS.map(
    ([a, b, transposeA, transposeB]): SeededCase => ({
      name: `matmul ${shapeName(a)}${transposeA ? 'ᵀ' : ''} ${shapeName(b)}${transposeB ? 'ᵀ' : ''}`,
      inputs: [floats(a, 'unit'), floats(b, 'unit')],
      run: (xs) => matmul(at(xs, 0), at(xs, 1), { transposeA, transposeB }),
      tolerance: ACCUMULATED,
    }),
  );
  return [
    ...cases,
    {
      name: 'dot [37] [37]',
      inputs: [floats([37], 'unit'), floats([37], 'unit')],
      run: (xs) => dot(at(xs, 0), at(xs, 1)),
      tolerance: ACCUMULATED,
    },
  ];
}

/** One conv2d geometry: square stride, padding and dilation. */
export interface ConvSetting {
  readonly x: readonly number[];
  readonly w: readonly number[];
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly groups: number;
}

const CONVS: readonly ConvSetting[] = [
  { x: [2, 3, 9, 8], w: [4, 3, 3, 3], stride: 1, padding: 0, dilation: 1, groups: 1 },
  { x: [2, 3, 9, 8], w: [4, 3, 3, 3], stride: 2, padding: 1, dilation: 1, groups: 1 },
  { x: [1, 2, 10, 9], w: [3, 2, 3, 2], stride: 1, padding: 2, dilation: 2, groups: 1 },
  { x: [2, 6, 7, 7], w: [6, 2, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 3 },
  { x: [4, 8, 16, 16], w: [16, 8, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1 },
];

/** One spatial size of a window op's output (floor division, as PyTorch). */
function outputSize(size: number, window: number, s: ConvSetting | PoolSetting): number {
  const dilation = 'dilation' in s ? s.dilation : 1;
  return Math.floor((size + 2 * s.padding - dilation * (window - 1) - 1) / s.stride) + 1;
}

function convName(s: ConvSetting): string {
  return `${shapeName(s.x)} * ${shapeName(s.w)} stride ${s.stride} padding ${s.padding} dilation ${s.dilation} groups ${s.groups}`;
}

/** conv2d with bias, then its input and filter gradients' primitives, for one setting. */
export function convCases(s: ConvSetting): SeededCase[] {
  {
    const [n, , h, w] = s.x as [number, number, number, number];
    const [outChannels, , kh, kw] = s.w as [number, number, number, number];
    const dy = [n, outChannels, outputSize(h, kh, s), outputSize(w, kw, s)];
    const params = {
      stride: [s.stride, s.stride] as const,
      padding: [s.padding, s.padding, s.padding, s.padding] as const,
      dilation: [s.dilation, s.dilation] as const,
      groups: s.groups,
    };
    return [
      {
        name: `conv2d ${convName(s)} with bias`,
        inputs: [floats(s.x, 'unit'), floats(s.w, 'unit'), floats([outChannels], 'unit')],
        run: (xs) =>
          conv2d(at(xs, 0), at(xs, 1), {
            stride: s.stride,
            padding: s.padding,
            dilation: s.dilation,
            groups: s.groups,
            bias: at(xs, 2),
          }),
        tolerance: ACCUMULATED,
      },
      {
        name: `conv2dBackpropInput ${convName(s)}`,
        inputs: [floats(dy, 'unit'), floats(s.w, 'unit')],
        run: (xs) =>
          runPrimitive(
            'conv2dBackpropInput',
            [at(xs, 0), at(xs, 1)],
            { ...params, inputShape: s.x },
            { shape: s.x, dtype: at(xs, 0).dtype },
          ),
        tolerance: ACCUMULATED,
      },
      {
        name: `conv2dBackpropFilter ${convName(s)}`,
        inputs: [floats(s.x, 'unit'), floats(dy, 'unit')],
        run: (xs) =>
          runPrimitive(
            'conv2dBackpropFilter',
            [at(xs, 0), at(xs, 1)],
            { ...params, filterShape: s.w },
            { shape: s.w, dtype: at(xs, 0).dtype },
          ),
        tolerance: ACCUMULATED,
      },
    ];
  }
}

/** One pooling geometry: square kernel, stride and padding. */
export interface PoolSetting {
  readonly x: readonly number[];
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly countIncludePad: boolean;
}

const POOLS: readonly PoolSetting[] = [
  { x: [2, 3, 9, 8], kernel: 2, stride: 2, padding: 0, countIncludePad: true },
  { x: [2, 3, 9, 8], kernel: 3, stride: 2, padding: 1, countIncludePad: true },
  { x: [2, 3, 9, 8], kernel: 3, stride: 1, padding: 1, countIncludePad: false },
  { x: [4, 8, 32, 32], kernel: 2, stride: 2, padding: 0, countIncludePad: true },
];

function poolName(s: PoolSetting): string {
  return `${shapeName(s.x)} kernel ${s.kernel} stride ${s.stride} padding ${s.padding}`;
}

/** maxPool2d, its gradient's primitive, avgPool2d and its gradient's, for one setting. */
export function poolCases(s: PoolSetting): SeededCase[] {
  {
    const [n, c, h, w] = s.x as [number, number, number, number];
    const dy = [n, c, outputSize(h, s.kernel, s), outputSize(w, s.kernel, s)];
    const options = { kernelSize: s.kernel, stride: s.stride, padding: s.padding };
    const params = {
      kernelSize: [s.kernel, s.kernel] as const,
      stride: [s.stride, s.stride] as const,
      padding: [s.padding, s.padding, s.padding, s.padding] as const,
    };
    const counted = s.countIncludePad ? '' : ' not counting padding';
    return [
      {
        name: `maxPool2d ${poolName(s)}`,
        inputs: [floats(s.x)],
        run: (xs) => maxPool2d(at(xs, 0), options),
      },
      {
        name: `maxPool2dBackprop ${poolName(s)}`,
        inputs: [floats(s.x), floats(dy)],
        run: (xs) =>
          runPrimitive('maxPool2dBackprop', [at(xs, 0), at(xs, 1)], params, {
            shape: s.x,
            dtype: at(xs, 0).dtype,
          }),
      },
      {
        name: `avgPool2d ${poolName(s)}${counted}`,
        inputs: [floats(s.x)],
        run: (xs) => avgPool2d(at(xs, 0), { ...options, countIncludePad: s.countIncludePad }),
      },
      {
        name: `avgPool2dBackprop ${poolName(s)}${counted}`,
        inputs: [floats(dy)],
        run: (xs: readonly Tensor[]) =>
          runPrimitive(
            'avgPool2dBackprop',
            [at(xs, 0)],
            { ...params, countIncludePad: s.countIncludePad, inputShape: s.x },
            { shape: s.x, dtype: at(xs, 0).dtype },
          ),
      },
    ];
  }
}

/** The seeded cases of matmul, conv2d, pooling and their gradients' primitives. */
export function linearAndWindowCases(): SeededCase[] {
  return [...matmulCases(), ...CONVS.flatMap(convCases), ...POOLS.flatMap(poolCases)];
}
