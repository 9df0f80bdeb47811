import {
  abs,
  add,
  argmax,
  argmin,
  avgPool2d,
  broadcastTo,
  cast,
  ceil,
  concat,
  conv2d,
  cos,
  div,
  equal,
  erf,
  exp,
  expm1,
  floor,
  gather,
  greater,
  greaterEqual,
  isFinite,
  isNaN,
  less,
  lessEqual,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  matmul,
  max,
  maximum,
  maxPool2d,
  min,
  minimum,
  mul,
  neg,
  notEqual,
  type Primitive,
  pad,
  pow,
  prod,
  reciprocal,
  round,
  rsqrt,
  runPrimitive,
  scatterAdd,
  sigmoid,
  sign,
  sin,
  slice,
  sqrt,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  transpose,
  where,
} from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { type CheckGradsOptions, checkGrads } from '../check-grads.js';
import { testDType } from '../testing/dtype.js';
import { primitivesRunBy, values } from '../testing/values.js';
import { RULES } from './index.js';

interface GradientCase {
  readonly name: string;
  readonly f: (...args: Tensor[]) => Tensor;
  readonly args: () => Tensor[];
  /** Derivative orders to check (default 2: the rule and the rule's own gradient). */
  readonly order?: number;
  /** Step and tolerance in float64 (defaults 1e-6 and 1e-5: checkGrads' float64 defaults). */
  readonly eps?: number;
  readonly rtol?: number;
  /** Options in float32, on float32-only backends (default: checkGrads' float32 defaults). */
  readonly float32?: Omit<CheckGradsOptions, 'order'>;
}

/** checkGrads' options for a case: as given in float64, float32-suited otherwise. */
function optionsFor(testCase: GradientCase): CheckGradsOptions {
  const order = testCase.order ?? 2;
  if (testDType() === 'float32') return { order, ...testCase.float32 };
  return { order, eps: testCase.eps ?? 1e-6, rtol: testCase.rtol ?? 1e-5 };
}

type Coverage = GradientCase[] | 'no gradient';

const positive = (shape: readonly number[], seed: number) => values(shape, seed, 0.3, 1.7);
const indices = (data: number[], shape: number[]) => tensor(data, shape, 'int32');

const conv = {
  stride: [2, 2] as const,
  padding: [1, 1, 1, 1] as const,
  dilation: [1, 1] as const,
  groups: 1,
};
const pool = {
  kernelSize: [3, 3] as const,
  stride: [2, 2] as const,
  padding: [1, 1, 1, 1] as const,
};

const unary = (f: (x: Tensor) => Tensor, make = values): GradientCase[] => [
  { name: 'elementwise', f, args: () => [make([2, 3], 1)] },
];

const binary = (f: (a: Tensor, b: Tensor) => Tensor, make = values): GradientCase[] => [
  { name: 'same shape', f, args: () => [make([2, 3], 1), make([2, 3], 2)] },
  { name: 'broadcast [2, 1] with [3]', f, args: () => [make([2, 1], 3), make([3], 4)] },
];

// One entry per primitive: the Record type makes a missing primitive a compile error here too.
const COVERAGE: Record<Primitive, Coverage> = {
  neg: unary(neg),
  abs: unary(abs),
  exp: unary(exp),
  log: unary(log, positive),
  log1p: unary(log1p, positive),
  expm1: unary(expm1),
  sqrt: unary(sqrt, positive),
  rsqrt: unary(rsqrt, positive),
  reciprocal: unary(reciprocal, positive),
  sin: unary(sin),
  cos: unary(cos),
  tanh: unary(tanh),
  sigmoid: unary(sigmoid),
  erf: unary(erf),
  sign: 'no gradient',
  floor: 'no gradient',
  ceil: 'no gradient',
  round: 'no gradient',
  logicalNot: 'no gradient',
  isNaN: 'no gradient',
  isFinite: 'no gradient',
  add: binary(add),
  sub: binary(sub),
  mul: binary(mul),
  div: binary(div, positive),
  pow: [
    ...binary(pow, positive),
    { name: 'negative base, integer exponent', f: (a) => pow(a, 3), args: () => [values([4], 5)] },
  ],
  maximum: binary(maximum),
  minimum: binary(minimum),
  equal: 'no gradient',
  notEqual: 'no gradient',
  greater: 'no gradient',
  greaterEqual: 'no gradient',
  less: 'no gradient',
  lessEqual: 'no gradient',
  logicalAnd: 'no gradient',
  logicalOr: 'no gradient',
  sum: [
    { name: 'one axis', f: (x) => sum(x, 1), args: () => [values([2, 3, 2], 1)] },
    { name: 'all axes', f: (x) => sum(mul(x, x)), args: () => [values([2, 3], 2)] },
  ],
  prod: [
    { name: 'one axis', f: (x) => prod(x, 1), args: () => [values([2, 3, 2], 1)] },
    { name: 'all axes', f: (x) => prod(x), args: () => [values([2, 3], 2)] },
  ],
  max: [
    { name: 'one axis', f: (x) => max(x, 0), args: () => [values([3, 4], 1)] },
    { name: 'two axes, kept', f: (x) => max(x, [0, 2], true), args: () => [values([2, 3, 2], 2)] },
  ],
  min: [{ name: 'one axis', f: (x) => min(x, -1), args: () => [values([3, 4], 3)] }],
  argmax: 'no gradient',
  argmin: 'no gradient',
  where: [
    {
      name: 'broadcast branches',
      f: (a, b) => where(greater(a, 0.1), mul(a, a), b),
      args: () => [values([2, 3], 1), values([1, 3], 2)],
    },
  ],
  cast: [
    testDType() === 'float64'
      ? {
          // float32 rounding needs a coarse step; the function is linear, so no truncation error.
          name: 'float64 -> float32',
          f: (x) => mul(cast(x, 'float32'), 3),
          args: () => [values([4], 1)],
          eps: 1e-2,
          rtol: 1e-4,
        }
      : {
          // Without float64 the only float-to-float cast is float32 -> float32, which cast()
          // skips as a view: run the primitive itself.
          name: 'float32 -> float32',
          f: (x) =>
            mul(
              runPrimitive('cast', [x], { dtype: 'float32' }, { shape: x.shape, dtype: 'float32' }),
              3,
            ),
          args: () => [values([4], 1)],
        },
  ],
  matmul: [
    {
      name: 'matrices',
      f: (a, b) => matmul(a, b),
      args: () => [values([2, 3], 1), values([3, 4], 2)],
    },
    {
      name: 'broadcast batch',
      f: (a, b) => matmul(a, b),
      args: () => [values([2, 1, 2, 3], 1), values([3, 3, 2], 2)],
    },
    {
      name: 'transposeA',
      f: (a, b) => matmul(a, b, { transposeA: true }),
      args: () => [values([3, 2], 1), values([3, 4], 2)],
    },
    {
      name: 'transposeB',
      f: (a, b) => matmul(a, b, { transposeB: true }),
      args: () => [values([2, 3], 1), values([4, 3], 2)],
    },
    {
      name: 'both transposed',
      f: (a, b) => matmul(a, b, { transposeA: true, transposeB: true }),
      args: () => [values([2, 3, 2], 1), values([4, 3], 2)],
    },
    {
      name: 'vector @ matrix',
      f: (a, b) => matmul(a, b),
      args: () => [values([3], 1), values([3, 2], 2)],
    },
  ],
  transpose: [
    {
      name: 'perm [1, 2, 0]',
      f: (x) => transpose(x, [1, 2, 0]),
      args: () => [values([2, 3, 4], 1)],
    },
  ],
  broadcastTo: [
    {
      name: '[3, 1] -> [2, 3, 4]',
      f: (x) => broadcastTo(x, [2, 3, 4]),
      args: () => [values([3, 1], 1)],
    },
  ],
  slice: [{ name: 'block', f: (x) => slice(x, [1, 0], [2, 2]), args: () => [values([4, 3], 1)] }],
  pad: [
    {
      name: 'constant',
      f: (x) =>
        pad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          0.5,
        ),
      args: () => [values([2, 3], 1)],
    },
  ],
  concat: [
    {
      name: 'axis 1',
      f: (a, b) => concat([a, b, a], 1),
      args: () => [values([2, 3], 1), values([2, 1], 2)],
    },
  ],
  gather: [
    {
      name: 'repeated indices, axis 0',
      f: (x) => gather(x, indices([0, 2, 2, 3], [2, 2]), 0),
      args: () => [values([4, 3], 1)],
    },
    {
      name: 'axis 1',
      f: (x) => gather(x, indices([2, 0], [2]), 1),
      args: () => [values([2, 3], 2)],
    },
  ],
  scatterAdd: [
    {
      name: 'repeated indices',
      f: (x, updates) => scatterAdd(x, indices([1, 1, 3], [3]), updates!, 0),
      args: () => [values([4, 3], 1), values([3, 3], 2)],
    },
  ],
  conv2d: [
    {
      name: 'stride 2, padding 1',
      f: (x, w) => conv2d(x, w!, { stride: 2, padding: 1 }),
      args: () => [values([2, 3, 5, 5], 1), values([4, 3, 3, 3], 2)],
    },
    {
      name: 'dilation 2, groups 2, same padding',
      f: (x, w) => conv2d(x, w!, { dilation: 2, groups: 2, padding: 'same' }),
      args: () => [values([1, 4, 5, 5], 3), values([2, 2, 2, 3], 4)],
    },
  ],
  conv2dBackpropInput: [
    {
      name: '(dy, w) -> dx',
      f: (dy, w) =>
        runPrimitive(
          'conv2dBackpropInput',
          [dy!, w!],
          { ...conv, inputShape: [2, 3, 5, 5] },
          { shape: [2, 3, 5, 5], dtype: testDType() },
        ),
      args: () => [values([2, 4, 3, 3], 1), values([4, 3, 3, 3], 2)],
    },
  ],
  conv2dBackpropFilter: [
    {
      name: '(x, dy) -> dw',
      f: (x, dy) =>
        runPrimitive(
          'conv2dBackpropFilter',
          [x!, dy!],
          { ...conv, filterShape: [4, 3, 3, 3] },
          { shape: [4, 3, 3, 3], dtype: testDType() },
        ),
      args: () => [values([2, 3, 5, 5], 1), values([2, 4, 3, 3], 2)],
    },
  ],
  maxPool2d: [
    {
      name: 'kernel 3, stride 2, padding 1',
      f: (x) => maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
      args: () => [values([1, 2, 5, 5], 1)],
    },
    {
      name: 'overlapping windows, stride 1',
      f: (x) => maxPool2d(x, { kernelSize: 2, stride: 1 }),
      args: () => [values([2, 1, 4, 3], 2)],
    },
  ],
  maxPool2dBackprop: [
    {
      name: '(x, dy) -> dx',
      f: (x, dy) =>
        runPrimitive('maxPool2dBackprop', [x!, dy!], pool, {
          shape: [1, 2, 5, 5],
          dtype: testDType(),
        }),
      args: () => [values([1, 2, 5, 5], 1), values([1, 2, 3, 3], 2)],
    },
  ],
  avgPool2d: [
    {
      name: 'count padding',
      f: (x) => avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
      args: () => [values([1, 2, 5, 5], 1)],
    },
    {
      name: 'ignore padding',
      f: (x) => avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }),
      args: () => [values([1, 2, 5, 5], 2)],
    },
  ],
  avgPool2dBackprop: [
    {
      name: '(dy) -> dx',
      f: (dy) =>
        runPrimitive(
          'avgPool2dBackprop',
          [dy!],
          { ...pool, countIncludePad: false, inputShape: [1, 2, 5, 5] },
          { shape: [1, 2, 5, 5], dtype: testDType() },
        ),
      args: () => [values([1, 2, 3, 3], 1)],
    },
  ],
};

// A representative call of each primitive without a gradient, to show its rule gives nulls.
const NO_GRADIENT_CALLS: Partial<Record<Primitive, (x: Tensor, y: Tensor) => Tensor>> = {
  sign,
  floor,
  ceil,
  round,
  logicalNot: (x) => logicalNot(greater(x, 0)),
  isNaN,
  isFinite,
  equal,
  notEqual,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd: (x, y) => logicalAnd(greater(x, 0), greater(y, 0)),
  logicalOr: (x, y) => logicalOr(greater(x, 0), greater(y, 0)),
  argmax: (x) => argmax(x, 1),
  argmin: (x) => argmin(x, 1),
};

describe(`gradient rules against central differences (${testDType()})`, () => {
  for (const [primitive, coverage] of Object.entries(COVERAGE) as [Primitive, Coverage][]) {
    if (coverage === 'no gradient') {
      it(`${primitive} has no gradient: its rule returns null for every input`, () => {
        const call = NO_GRADIENT_CALLS[primitive]!;
        const x = values([2, 3], 1);
        const y = values([2, 3], 2);
        const seen = primitivesRunBy(() => call(x, y));
        expect(seen.has(primitive)).toBe(true);
        const rule = RULES[primitive] as (g: Tensor, inputs: readonly Tensor[]) => unknown[];
        expect(rule(x, [x, y])).toEqual([null, null]);
      });
      continue;
    }
    for (const testCase of coverage) {
      it(`${primitive}: ${testCase.name}`, () => {
        const args = testCase.args();
        const seen = primitivesRunBy(() => testCase.f(...args));
        expect(seen.has(primitive)).toBe(true);
        checkGrads(testCase.f, args, optionsFor(testCase));
      });
    }
  }
});
