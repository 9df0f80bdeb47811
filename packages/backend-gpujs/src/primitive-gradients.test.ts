// The gradient of every differentiable elementwise primitive and reduction, one at a time,
// and second-order products, on this backend against the CPU reference in float32: what
// @gradkit/autograd's rules compute must not depend on which backend runs their primitives.
import { grad, hvp, jvp } from '@gradkit/autograd';
import {
  BINARY_PRIMITIVES,
  createCpuBackend,
  ELEMENTWISE_OPS,
  logSumExp,
  matmul,
  max,
  min,
  mul,
  prod,
  sum,
  type Tensor,
  tanh,
  UNARY_PRIMITIVES,
  withBackend,
} from '@gradkit/tensor';
import { closeMismatch } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { spread } from './testing/inputs.js';

const cpu = createCpuBackend();
const TOLERANCE = { rtol: 1e-4, atol: 1e-5 };

// Inputs in [0.2, 2] where the primitive's domain is positive; [-1.5, 1.5] elsewhere.
const POSITIVE = new Set(['log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal']);

type Reduce = (x: Tensor, axis?: number | number[]) => Tensor;
const REDUCTIONS: readonly (readonly [string, Reduce])[] = [
  ['sum', sum],
  ['prod', prod],
  ['max', max],
  ['min', min],
  ['logSumExp', logSumExp],
];

function expectSame(actual: readonly Float32Array[], expected: readonly Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((g, k) => {
    expect(closeMismatch(g, expected[k]!, TOLERANCE), `input ${k}`).toBeUndefined();
  });
}

/** `compute` on this backend and on the CPU, as host arrays. */
function onBoth(compute: () => readonly Tensor[]): [Float32Array[], Float32Array[]] {
  const read = () => compute().map((t) => t.dataSync() as Float32Array);
  return [read(), withBackend(cpu, read)];
}

/** Gradients of sum(f(...inputs) * weights), which gives every output element its own weight. */
function weightedGradients(
  f: (...xs: Tensor[]) => Tensor,
  inputs: () => Tensor[],
  outputShape: readonly number[],
): () => Tensor[] {
  return () => {
    const weights = spread(outputShape, 7);
    const loss = (...xs: Tensor[]) => sum(mul(f(...xs), weights));
    const xs = inputs();
    return grad(loss, { argnums: xs.map((_, k) => k) })(...xs) as unknown as Tensor[];
  };
}

describe('each primitive gradient on gpu.js matches the CPU reference in float32', () => {
  it.each(UNARY_PRIMITIVES.filter((op) => !['logicalNot', 'isNaN', 'isFinite'].includes(op)))(
    'd/dx %s(x)',
    (op) => {
      const [low, high] = POSITIVE.has(op) ? [0.2, 2] : [-1.5, 1.5];
      const compute = weightedGradients(
        (x) => ELEMENTWISE_OPS[op](x),
        () => [spread([3, 5], 1, low, high)],
        [3, 5],
      );
      expectSame(...onBoth(compute));
    },
  );

  it.each(
    BINARY_PRIMITIVES.filter((op) =>
      ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'].includes(op),
    ),
  )('d/da, d/db %s(a, b) with b broadcast along rows', (op) => {
    const positive = op === 'pow' || op === 'div';
    const compute = weightedGradients(
      (a, b) => ELEMENTWISE_OPS[op](a, b),
      () => [
        spread([3, 5], 1, positive ? 0.2 : -1.5, positive ? 2 : 1.5),
        spread([5], 2, 0.3, 1.7),
      ],
      [3, 5],
    );
    expectSame(...onBoth(compute));
  });

  it.each(REDUCTIONS)('d/dx %s(x) over axis 1 and over everything', (_name, reduce) => {
    const byAxis = weightedGradients(
      (x) => reduce(x, 1),
      () => [spread([4, 6], 3, 0.5, 1.5)],
      [4],
    );
    const all = weightedGradients(
      (x) => reduce(x),
      () => [spread([4, 6], 4, 0.5, 1.5)],
      [],
    );
    expectSame(...onBoth(byAxis));
    expectSame(...onBoth(all));
  });

  it('a Hessian-vector product of tanh(x W) (second order through matmul)', () => {
    const compute = () => {
      const w = spread([5, 3], 2);
      const f = (x: Tensor) => sum(tanh(matmul(x, w)));
      return [hvp(f, spread([4, 5], 1), spread([4, 5], 3))];
    };
    expectSame(...onBoth(compute));
  });

  it('a Jacobian-vector product of prod over an axis', () => {
    const compute = () => {
      const [value, tangent] = jvp(
        (x: Tensor) => prod(x, 0),
        [spread([3, 4], 1, 0.5, 1.5)],
        [spread([3, 4], 2)],
      );
      return [value, tangent];
    };
    expectSame(...onBoth(compute));
  });
});
