// Reductions and statistics on seeded inputs: every axis set of a rank-3 tensor, with and
// without keepdims, and long reductions over leading and trailing axes of a large matrix.
import {
  argmax,
  argmin,
  logSoftmax,
  logSumExp,
  max,
  mean,
  min,
  norm,
  prod,
  softmax,
  sum,
  type Tensor,
  variance,
} from '../../index.js';
import { ACCUMULATED, at, floats, type SeededCase } from './seeded-case.js';
import type { ValueKind } from './seeded-values.js';

type Reduce = (x: Tensor, axis?: number | number[], keepdims?: boolean) => Tensor;

const REDUCTIONS: readonly (readonly [string, Reduce, ValueKind])[] = [
  ['sum', sum, 'any'],
  ['prod', prod, 'nearOne'],
  ['max', max, 'any'],
  ['min', min, 'any'],
  ['mean', mean, 'any'],
  ['logSumExp', logSumExp, 'any'],
];

const AXES: readonly (readonly [number | number[] | undefined, boolean])[] = [
  [undefined, false],
  [0, false],
  [1, true],
  [2, false],
  [[0, 2], false],
  [[-1, -2], true],
];

const axisName = (axis: number | number[] | undefined, keepdims: boolean): string =>
  `${axis === undefined ? 'all axes' : `axis ${JSON.stringify(axis)}`}${keepdims ? ' keepdims' : ''}`;

function reductionCases(): SeededCase[] {
  const small = REDUCTIONS.flatMap(([name, fn, kind]) =>
    AXES.map(
      ([axis, keepdims]): SeededCase => ({
        name: `${name} [3, 4, 5] ${axisName(axis, keepdims)}`,
        inputs: [floats([3, 4, 5], kind)],
        run: (xs) => fn(at(xs, 0), axis, keepdims),
      }),
    ),
  );
  // Long sums over the leading axis, the trailing axis and everything.
  const large = REDUCTIONS.filter(([name]) => name !== 'prod').flatMap(([name, fn]) =>
    ([0, 1, undefined] as const).map(
      (axis): SeededCase => ({
        name: `${name} [300, 203] ${axisName(axis, false)}`,
        inputs: [floats([300, 203], 'unit')],
        run: (xs) => fn(at(xs, 0), axis),
        tolerance: ACCUMULATED,
      }),
    ),
  );
  return [...small, ...large];
}

function indexCases(): SeededCase[] {
  return (
    [
      ['argmax', argmax],
      ['argmin', argmin],
    ] as const
  ).flatMap(([name, fn]) =>
    ([undefined, 0, 1, 2] as const).map(
      (axis): SeededCase => ({
        name: `${name} [3, 4, 5] ${axisName(axis, axis === 1)}`,
        inputs: [floats([3, 4, 5])],
        run: (xs) => fn(at(xs, 0), axis, axis === 1),
      }),
    ),
  );
}

const STATISTICS: readonly SeededCase[] = [
  {
    name: 'variance [6, 9] axis 1 correction 1',
    inputs: [floats([6, 9])],
    run: (xs) => variance(at(xs, 0), 1, false, { correction: 1 }),
  },
  {
    name: 'variance [6, 9] all axes',
    inputs: [floats([6, 9])],
    run: (xs) => variance(at(xs, 0)),
  },
  {
    name: 'norm [6, 9] axis 0',
    inputs: [floats([6, 9])],
    run: (xs) => norm(at(xs, 0), 0),
  },
  {
    name: 'norm [6, 9] ord 1 keepdims',
    inputs: [floats([6, 9])],
    run: (xs) => norm(at(xs, 0), 1, true, { ord: 1 }),
  },
  ...[0, -1].flatMap((axis): SeededCase[] => [
    {
      name: `softmax [7, 11] axis ${axis}`,
      inputs: [floats([7, 11])],
      run: (xs) => softmax(at(xs, 0), axis),
    },
    {
      name: `logSoftmax [7, 11] axis ${axis}`,
      inputs: [floats([7, 11])],
      run: (xs) => logSoftmax(at(xs, 0), axis),
    },
  ]),
];

/** The seeded cases of the reductions and statistics. */
export function reductionAndStatisticCases(): SeededCase[] {
  return [...reductionCases(), ...indexCases(), ...STATISTICS];
}
