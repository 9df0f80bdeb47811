// One runner per op name of the fixtures: the public op (or, for backprop primitives, which
// have no public function, runPrimitive) called with the case's inputs and params.
import {
  arange,
  argmax,
  argmin,
  BINARY_PRIMITIVES,
  broadcastTo,
  cast,
  clip,
  concat,
  dot,
  ELEMENTWISE_OPS,
  expandDims,
  eye,
  flatten,
  full,
  gather,
  gelu,
  leakyRelu,
  linspace,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  norm,
  oneHot,
  ones,
  pad,
  prod,
  relu,
  reshape,
  scalar,
  scatterAdd,
  slice,
  softmax,
  softplus,
  split,
  square,
  squeeze,
  stack,
  sum,
  type Tensor,
  tensor,
  transpose,
  UNARY_PRIMITIVES,
  variance,
  where,
  zeros,
} from '../../index.js';
import { decodeNumber, type Params } from './fixture-format.js';
import { NN_RUNNERS } from './fixture-nn-runners.js';
import {
  axisParam,
  booleanParam,
  dtypeParam,
  numberList,
  numberParam,
  paddingsParam,
  requiredNumber,
  singleAxis,
} from './fixture-params.js';
import { input, type Runner } from './runner.js';

// Every elementwise primitive by its public op (one table, total over the primitives),
// plus the composites whose fixtures take one tensor.
const UNARY: Readonly<Record<string, (x: Tensor) => Tensor>> = {
  ...Object.fromEntries(UNARY_PRIMITIVES.map((name) => [name, ELEMENTWISE_OPS[name]])),
  square,
  relu,
};

const BINARY: Readonly<Record<string, (a: Tensor, b: Tensor | number) => Tensor>> =
  Object.fromEntries(BINARY_PRIMITIVES.map((name) => [name, ELEMENTWISE_OPS[name]]));

const REDUCTIONS: Readonly<
  Record<string, (x: Tensor, axis?: number | number[], keepdims?: boolean) => Tensor>
> = { sum, prod, max, min, mean, logSumExp };

/** The runner of every op name the fixtures use. */
export const RUNNERS: Readonly<Record<string, Runner>> = {
  // Creation.
  tensor: (_, p) => tensor(numberList(p, 'values'), numberList(p, 'shape'), dtypeParam(p)),
  scalar: (_, p) => {
    const value = p.value;
    return scalar(typeof value === 'boolean' ? value : decodeNumber(value), dtypeParam(p));
  },
  full: (_, p) => {
    const value = p.value;
    return full(
      numberList(p, 'shape'),
      typeof value === 'boolean' ? value : decodeNumber(value),
      dtypeParam(p),
    );
  },
  zeros: (_, p) => zeros(numberList(p, 'shape'), dtypeParam(p)),
  ones: (_, p) => ones(numberList(p, 'shape'), dtypeParam(p)),
  arange: (_, p) =>
    arange(
      requiredNumber(p, 'start'),
      numberParam(p, 'stop'),
      numberParam(p, 'step'),
      dtypeParam(p),
    ),
  linspace: (_, p) =>
    linspace(requiredNumber(p, 'start'), requiredNumber(p, 'stop'), requiredNumber(p, 'num'), {
      endpoint: booleanParam(p, 'endpoint'),
      dtype: dtypeParam(p),
    }),
  eye: (_, p) => eye(requiredNumber(p, 'n'), numberParam(p, 'm'), dtypeParam(p)),

  // Elementwise.
  ...Object.fromEntries(
    Object.entries(UNARY).map(([name, fn]) => [name, (xs: readonly Tensor[]) => fn(input(xs, 0))]),
  ),
  ...Object.fromEntries(
    Object.entries(BINARY).map(([name, fn]) => [
      name,
      (xs: readonly Tensor[], p: Params) =>
        fn(input(xs, 0), p.scalarB === undefined ? input(xs, 1) : decodeNumber(p.scalarB)),
    ]),
  ),
  leakyRelu: (xs, p) => leakyRelu(input(xs, 0), numberParam(p, 'alpha')),
  gelu: (xs, p) =>
    gelu(input(xs, 0), { approximate: p.approximate as 'none' | 'tanh' | undefined }),
  softplus: (xs, p) =>
    softplus(input(xs, 0), {
      beta: numberParam(p, 'beta'),
      threshold: numberParam(p, 'threshold'),
    }),
  clip: (xs, p) =>
    xs.length === 3
      ? clip(input(xs, 0), input(xs, 1), input(xs, 2))
      : clip(input(xs, 0), numberParam(p, 'min'), numberParam(p, 'max')),
  where: (xs) => where(input(xs, 0), input(xs, 1), input(xs, 2)),

  // Reductions and statistics.
  ...Object.fromEntries(
    Object.entries(REDUCTIONS).map(([name, fn]) => [
      name,
      (xs: readonly Tensor[], p: Params) =>
        fn(input(xs, 0), axisParam(p), booleanParam(p, 'keepdims')),
    ]),
  ),
  argmax: (xs, p) => argmax(input(xs, 0), singleAxis(p), booleanParam(p, 'keepdims')),
  argmin: (xs, p) => argmin(input(xs, 0), singleAxis(p), booleanParam(p, 'keepdims')),
  variance: (xs, p) =>
    variance(input(xs, 0), axisParam(p), booleanParam(p, 'keepdims'), {
      correction: numberParam(p, 'correction'),
    }),
  norm: (xs, p) =>
    norm(input(xs, 0), axisParam(p), booleanParam(p, 'keepdims'), { ord: numberParam(p, 'ord') }),
  softmax: (xs, p) => softmax(input(xs, 0), singleAxis(p)),
  logSoftmax: (xs, p) => logSoftmax(input(xs, 0), singleAxis(p)),

  // Linear algebra.
  matmul: (xs, p) =>
    matmul(input(xs, 0), input(xs, 1), {
      transposeA: booleanParam(p, 'transposeA'),
      transposeB: booleanParam(p, 'transposeB'),
    }),
  dot: (xs) => dot(input(xs, 0), input(xs, 1)),

  // Layout.
  transpose: (xs, p) =>
    transpose(input(xs, 0), p.perm === undefined ? undefined : numberList(p, 'perm')),
  reshape: (xs, p) => reshape(input(xs, 0), numberList(p, 'shape')),
  squeeze: (xs, p) => squeeze(input(xs, 0), axisParam(p)),
  expandDims: (xs, p) => expandDims(input(xs, 0), requiredNumber(p, 'axis')),
  flatten: (xs, p) => flatten(input(xs, 0), numberParam(p, 'startAxis'), numberParam(p, 'endAxis')),
  broadcastTo: (xs, p) => broadcastTo(input(xs, 0), numberList(p, 'shape')),
  concat: (xs, p) => concat(xs, singleAxis(p)),
  stack: (xs, p) => stack(xs, singleAxis(p)),
  split: (xs, p) => {
    const numOrSizes = Array.isArray(p.numOrSizes)
      ? numberList(p, 'numOrSizes')
      : requiredNumber(p, 'numOrSizes');
    return split(input(xs, 0), numOrSizes, singleAxis(p));
  },
  slice: (xs, p) => {
    const begin = Array.isArray(p.begin) ? numberList(p, 'begin') : requiredNumber(p, 'begin');
    const size =
      p.size === undefined
        ? undefined
        : Array.isArray(p.size)
          ? numberList(p, 'size')
          : requiredNumber(p, 'size');
    return slice(input(xs, 0), begin, size);
  },
  pad: (xs, p) => pad(input(xs, 0), paddingsParam(p), numberParam(p, 'value')),

  // Indexing and conversion.
  gather: (xs, p) => gather(input(xs, 0), input(xs, 1), singleAxis(p)),
  scatterAdd: (xs, p) => scatterAdd(input(xs, 0), input(xs, 1), input(xs, 2), singleAxis(p)),
  oneHot: (xs, p) =>
    oneHot(input(xs, 0), requiredNumber(p, 'depth'), {
      onValue: numberParam(p, 'onValue'),
      offValue: numberParam(p, 'offValue'),
      dtype: dtypeParam(p),
    }),
  cast: (xs, p) => {
    const dtype = dtypeParam(p);
    if (dtype === undefined) throw new Error('fixture param dtype is missing');
    return cast(input(xs, 0), dtype);
  },

  ...NN_RUNNERS,
};
