// Every op against reference values computed by NumPy and PyTorch (fixtures/ops.json,
// written by scripts/generate_fixtures.py; see that script's header for how to regenerate
// it), on the backend under test.
import fixtureFile from '../../../fixtures/ops.json' with { type: 'json' };
import type { Backend } from '../../backend.js';
import { withBackend } from '../../engine.js';
import {
  type AvgPool2dParams,
  arange,
  argmax,
  argmin,
  avgPool2d,
  BINARY_PRIMITIVES,
  broadcastTo,
  type Conv2dOptions,
  type Conv2dParams,
  cast,
  clip,
  concat,
  conv2d,
  type DType,
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
  maxPool2d,
  mean,
  min,
  norm,
  oneHot,
  ones,
  type Padding2d,
  type Pool2dOptions,
  type Pool2dParams,
  pad,
  prod,
  relu,
  reshape,
  runPrimitive,
  scalar,
  scatterAdd,
  scope,
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
import type { assertTensorClose } from '../close.js';
import { assertThat, type ConformanceHarness } from './harness.js';

/** A JSON number, or "NaN" / "Infinity" / "-Infinity", which JSON cannot write as numbers. */
type FixtureNumber = number | string;

interface TensorFixture {
  readonly values: readonly FixtureNumber[];
  readonly shape: readonly number[];
  readonly dtype: DType;
}

type Params = Readonly<Record<string, unknown>>;

interface OpCase {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly TensorFixture[];
  readonly params: Params;
  readonly expected: TensorFixture | readonly TensorFixture[];
}

const fixtures = fixtureFile as unknown as { readonly cases: readonly OpCase[] };

// ---------------------------------------------------------------------------------------
// Decoding fixture values and params
// ---------------------------------------------------------------------------------------

function decodeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  throw new Error(`fixture value ${JSON.stringify(value)} is not a number`);
}

function decodeValues(values: readonly FixtureNumber[]): number[] {
  return values.map(decodeNumber);
}

function toTensor(fixture: TensorFixture): Tensor {
  return tensor(decodeValues(fixture.values), fixture.shape, fixture.dtype);
}

function numberParam(p: Params, key: string): number | undefined {
  const value = p[key];
  return value === undefined ? undefined : decodeNumber(value);
}

function requiredNumber(p: Params, key: string): number {
  const value = numberParam(p, key);
  if (value === undefined) throw new Error(`fixture param ${key} is missing`);
  return value;
}

function numberList(p: Params, key: string): number[] {
  const value = p[key];
  if (!Array.isArray(value))
    throw new Error(`fixture param ${key} is not a list: ${JSON.stringify(value)}`);
  return value.map(decodeNumber);
}

function pairParam(p: Params, key: string): [number, number] {
  const [a, b] = numberList(p, key);
  if (a === undefined || b === undefined) throw new Error(`fixture param ${key} is not a pair`);
  return [a, b];
}

function paddingParam(p: Params): Padding2d {
  const [top, bottom, left, right] = numberList(p, 'padding');
  if (top === undefined || bottom === undefined || left === undefined || right === undefined) {
    throw new Error('fixture param padding is not [top, bottom, left, right]');
  }
  return [top, bottom, left, right];
}

/** pad's [[before, after], ...]. */
function paddingsParam(p: Params): [number, number][] {
  const value = p.paddings;
  if (!Array.isArray(value)) throw new Error('fixture param paddings is not a list');
  return value.map((pair: unknown) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new Error('fixture param paddings holds a non-pair');
    return [decodeNumber(pair[0]), decodeNumber(pair[1])];
  });
}

/** A single axis, an axis list, or undefined (all axes). */
function axisParam(p: Params): number | number[] | undefined {
  const value = p.axis;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? numberList(p, 'axis') : decodeNumber(value);
}

function singleAxis(p: Params): number | undefined {
  const axis = axisParam(p);
  if (Array.isArray(axis)) throw new Error('fixture param axis must be a single number here');
  return axis;
}

function booleanParam(p: Params, key: string): boolean | undefined {
  const value = p[key];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new Error(`fixture param ${key} is not a boolean`);
}

function dtypeParam(p: Params): DType | undefined {
  return p.dtype as DType | undefined;
}

/** Where a number or [h, w] pair may be given (the library's Pair options). */
function pairOption(p: Params, key: string): number | [number, number] | undefined {
  const value = p[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? pairParam(p, key) : decodeNumber(value);
}

function conv2dOptions(p: Params, bias: Tensor | undefined): Conv2dOptions {
  const padding =
    p.padding === 'same' || p.padding === 'valid' ? p.padding : pairOption(p, 'padding');
  return {
    stride: pairOption(p, 'stride'),
    padding,
    dilation: pairOption(p, 'dilation'),
    groups: numberParam(p, 'groups'),
    bias,
  };
}

function pool2dOptions(p: Params): Pool2dOptions & { countIncludePad?: boolean } {
  const kernelSize = pairOption(p, 'kernelSize');
  if (kernelSize === undefined) throw new Error('fixture param kernelSize is missing');
  return {
    kernelSize,
    stride: pairOption(p, 'stride'),
    padding: pairOption(p, 'padding'),
    countIncludePad: booleanParam(p, 'countIncludePad'),
  };
}

function conv2dPrimitiveParams(p: Params): Conv2dParams {
  return {
    stride: pairParam(p, 'stride'),
    padding: paddingParam(p),
    dilation: pairParam(p, 'dilation'),
    groups: requiredNumber(p, 'groups'),
  };
}

function pool2dPrimitiveParams(p: Params): Pool2dParams {
  return {
    kernelSize: pairParam(p, 'kernelSize'),
    stride: pairParam(p, 'stride'),
    padding: paddingParam(p),
  };
}

function avgPool2dPrimitiveParams(p: Params): AvgPool2dParams {
  const countIncludePad = booleanParam(p, 'countIncludePad');
  if (countIncludePad === undefined) throw new Error('fixture param countIncludePad is missing');
  return { ...pool2dPrimitiveParams(p), countIncludePad };
}

// ---------------------------------------------------------------------------------------
// One runner per op name of the fixtures
// ---------------------------------------------------------------------------------------

type Runner = (inputs: readonly Tensor[], p: Params) => Tensor | Tensor[];

function input(inputs: readonly Tensor[], index: number): Tensor {
  const t = inputs[index];
  if (t === undefined) throw new Error(`fixture has no input #${index}`);
  return t;
}

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

const RUNNERS: Readonly<Record<string, Runner>> = {
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

  // Neural-network ops.
  conv2d: (xs, p) => conv2d(input(xs, 0), input(xs, 1), conv2dOptions(p, xs[2])),
  maxPool2d: (xs, p) => maxPool2d(input(xs, 0), pool2dOptions(p)),
  avgPool2d: (xs, p) => avgPool2d(input(xs, 0), pool2dOptions(p)),

  // Backprop primitives, which have no public function: called through runPrimitive.
  conv2dBackpropInput: (xs, p) => {
    const dy = input(xs, 0);
    const inputShape = numberList(p, 'inputShape');
    const params = { ...conv2dPrimitiveParams(p), inputShape };
    return runPrimitive(
      'conv2dBackpropInput',
      [dy, input(xs, 1)],
      params,
      { shape: inputShape, dtype: dy.dtype },
      ['dy', 'w'],
    );
  },
  conv2dBackpropFilter: (xs, p) => {
    const x = input(xs, 0);
    const filterShape = numberList(p, 'filterShape');
    const params = { ...conv2dPrimitiveParams(p), filterShape };
    return runPrimitive(
      'conv2dBackpropFilter',
      [x, input(xs, 1)],
      params,
      { shape: filterShape, dtype: x.dtype },
      ['x', 'dy'],
    );
  },
  maxPool2dBackprop: (xs, p) => {
    const x = input(xs, 0);
    return runPrimitive(
      'maxPool2dBackprop',
      [x, input(xs, 1)],
      pool2dPrimitiveParams(p),
      { shape: x.shape, dtype: x.dtype },
      ['x', 'dy'],
    );
  },
  avgPool2dBackprop: (xs, p) => {
    const dy = input(xs, 0);
    const inputShape = numberList(p, 'inputShape');
    const params = { ...avgPool2dPrimitiveParams(p), inputShape };
    return runPrimitive('avgPool2dBackprop', [dy], params, { shape: inputShape, dtype: dy.dtype }, [
      'dy',
    ]);
  },
};

// ---------------------------------------------------------------------------------------
// Tolerances
// ---------------------------------------------------------------------------------------

/**
 * Per-op float32 tolerances that differ from assertTensorClose's defaults (rtol 1e-5,
 * atol 1e-6): none. The reference is the float64 result rounded once to float32, and the
 * sums of products (matmul, dot, conv2d and its gradients) are the ops whose float32
 * accumulation order genuinely differs between backends; with the fixtures' small shapes
 * (at most 27 terms) the CPU backend's worst such error is 16% of the default budget, so
 * they need no loosening. A backend that needs it adds the op here with the reason.
 */
const FLOAT32_TOLERANCES: Readonly<Record<string, { rtol: number; atol: number }>> = {};

// ---------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------

function expectedList(c: OpCase): readonly TensorFixture[] {
  return Array.isArray(c.expected) ? c.expected : [c.expected as TensorFixture];
}

function dtypesOf(c: OpCase): DType[] {
  const dtypes = [...c.inputs, ...expectedList(c)].map((t) => t.dtype);
  const requested = dtypeParam(c.params);
  return requested === undefined ? dtypes : [...dtypes, requested];
}

/** The name every fixture test is registered under (known-gap lists use it). */
export const REFERENCE_SUITE = 'ops against NumPy / PyTorch reference fixtures';

function check(
  assertClose: typeof assertTensorClose,
  actual: Tensor,
  expected: TensorFixture,
  op: string,
  label: string,
): void {
  const tolerance = expected.dtype === 'float32' ? FLOAT32_TOLERANCES[op] : undefined;
  try {
    assertClose(actual, decodeValues(expected.values), {
      shape: expected.shape,
      dtype: expected.dtype,
      ...tolerance,
    });
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
}

function runCase(assertClose: typeof assertTensorClose, c: OpCase): void {
  const runner = RUNNERS[c.op];
  if (runner === undefined) throw new Error(`no runner for op ${c.op}`);
  scope(() => {
    const result = runner(c.inputs.map(toTensor), c.params);
    const expected = expectedList(c);
    const outputs = Array.isArray(result) ? result : [result];
    assertThat(
      Array.isArray(result) === Array.isArray(c.expected),
      'returns a list exactly when the fixture expects one',
    );
    assertThat(
      outputs.length === expected.length,
      `gives ${outputs.length} outputs, the fixture ${expected.length}`,
    );
    outputs.forEach((t, i) => {
      check(assertClose, t, expected[i]!, c.op, `output ${i}`);
    });
  });
}

/**
 * Registers one test per fixture case the backend can run (it stores every dtype the case
 * involves), except those named in `gaps`, plus a test that the runners cover the fixtures.
 */
export function referenceFixtureTests(
  harness: ConformanceHarness,
  backend: Backend,
  assertClose: typeof assertTensorClose,
  gaps: ReadonlySet<string>,
): void {
  const applicable = fixtures.cases.filter((c) =>
    dtypesOf(c).every((d) => backend.dtypes.includes(d)),
  );
  harness.describe(REFERENCE_SUITE, () => {
    harness.it(
      'has a runner for every op in the fixtures and float32 cases for this backend',
      () => {
        const missing = [...new Set(fixtures.cases.map((c) => c.op))].filter(
          (op) => RUNNERS[op] === undefined,
        );
        assertThat(missing.length === 0, `has no runner for ${missing.join(', ')}`);
        assertThat(
          new Set(fixtures.cases.map((c) => c.name)).size === fixtures.cases.length,
          'has unique case names',
        );
        const float32 = applicable.filter((c) => {
          const dtypes = dtypesOf(c);
          return dtypes.includes('float32') && !dtypes.includes('float64');
        });
        assertThat(float32.length > 300, `has only ${float32.length} float32 cases`);
      },
    );
    for (const c of applicable) {
      if (gaps.has(`${REFERENCE_SUITE} ${c.name}`)) continue;
      harness.it(c.name, () => withBackend(backend, () => runCase(assertClose, c)));
    }
  });
}
