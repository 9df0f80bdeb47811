// The autograd suite checks gradients in float64, which this backend does not store. Here
// every gradient rule runs in float32 on this backend and on the CPU reference, and the
// two must agree to float32 precision.
import { grad } from '@gradkit/autograd';
import {
  abs,
  add,
  avgPool2d,
  broadcastTo,
  concat,
  conv2d,
  createCpuBackend,
  div,
  erf,
  exp,
  gather,
  greater,
  log,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  min,
  mul,
  pad,
  pow,
  prod,
  scatterAdd,
  sigmoid,
  slice,
  softmax,
  sqrt,
  sum,
  type Tensor,
  tanh,
  tensor,
  transpose,
  variance,
  where,
  withBackend,
} from '@gradkit/tensor';
import { closeMismatch } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { spread } from './testing/inputs.js';

type Case = readonly [
  name: string,
  shapes: readonly (readonly number[])[],
  f: (...xs: Tensor[]) => Tensor,
];

const CASES: readonly Case[] = [
  [
    'matmul and tanh',
    [
      [3, 4],
      [4, 5],
    ],
    (x, w) => sum(tanh(matmul(x!, w!))),
  ],
  [
    'batched transposed matmul',
    [
      [2, 4, 3],
      [5, 4],
    ],
    (a, b) => sum(mul(matmul(a!, b!, { transposeA: true, transposeB: true }), 0.5)),
  ],
  ['softmax cross-entropy', [[4, 6]], (x) => mean(mul(logSoftmax(x!), softmax(mul(x!, 2))))],
  ['logSumExp and variance', [[3, 5]], (x) => add(sum(logSumExp(x!, -1)), sum(variance(x!, 0)))],
  [
    'max, min and prod',
    [[3, 4]],
    (x) => add(add(sum(max(x!, 1)), sum(min(x!, 0))), sum(prod(x!, 1))),
  ],
  [
    'exp, log, sqrt, erf, sigmoid',
    [[6]],
    (x) =>
      sum(
        add(
          add(exp(x!), log(add(abs(x!), 1))),
          add(sqrt(add(abs(x!), 0.5)), mul(erf(x!), sigmoid(x!))),
        ),
      ),
  ],
  [
    'pow, div, maximum, where',
    [[2, 3], [3]],
    (a, b) => sum(where(greater(a!, 0), pow(abs(a!), b!), div(maximum(a!, b!), add(abs(b!), 1)))),
  ],
  [
    'layout ops',
    [[2, 3, 4]],
    (x) =>
      sum(
        mul(
          pad(slice(transpose(x!, [2, 0, 1]), [1, 0, 1], [2, 2, 2]), [
            [1, 0],
            [0, 1],
            [2, 1],
          ]),
          3,
        ),
      ),
  ],
  [
    'concat and broadcastTo',
    [
      [2, 3],
      [1, 3],
    ],
    (a, b) => sum(mul(concat([a!, broadcastTo(b!, [2, 3]), a!], 0), spread([6, 3], 9))),
  ],
  [
    'gather and scatterAdd',
    [
      [5, 3],
      [2, 3],
    ],
    (x, u) =>
      sum(
        mul(
          scatterAdd(
            gather(x!, tensor([4, 0, 4], [3], 'int32'), 0),
            tensor([1, -1], [2], 'int32'),
            u!,
            0,
          ),
          spread([3, 3], 4),
        ),
      ),
  ],
  [
    'conv2d with stride, padding, dilation and groups',
    [
      [2, 4, 6, 5],
      [6, 2, 3, 2],
    ],
    (x, w) =>
      sum(tanh(conv2d(x!, w!, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 }))),
  ],
  [
    'max and average pooling',
    [[2, 2, 6, 7]],
    (x) =>
      add(
        sum(
          mul(
            maxPool2d(x!, { kernelSize: [3, 2], stride: [2, 2], padding: [1, 1] }),
            spread([2, 2, 3, 4], 5),
          ),
        ),
        sum(
          mul(
            avgPool2d(x!, { kernelSize: [2, 3], stride: [1, 2], padding: [1, 1] }),
            spread([2, 2, 7, 4], 6),
          ),
        ),
      ),
  ],
];

const cpu = createCpuBackend();

/** Gradients of `f` with respect to every input, as host arrays. */
function gradients(f: Case[2], shapes: Case[1]): Float32Array[] {
  const inputs = shapes.map((shape, k) => spread(shape, k + 1));
  const argnums = shapes.map((_, k) => k);
  const result = grad(f, { argnums })(...inputs) as unknown as Tensor[];
  return result.map((g) => g.dataSync() as Float32Array);
}

describe('autograd on gpu.js matches the CPU reference in float32', () => {
  it.each(CASES)('%s', (_name, shapes, f) => {
    const expected = withBackend(cpu, () => gradients(f, shapes));
    const actual = gradients(f, shapes);
    actual.forEach((g, k) => {
      expect(
        closeMismatch(g, expected[k]!, { rtol: 1e-4, atol: 1e-5 }),
        `input ${k}`,
      ).toBeUndefined();
    });
  });
});
