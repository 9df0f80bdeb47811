import { readFileSync } from 'node:fs';
import {
  add,
  conv2d,
  type DType,
  div,
  exp,
  flatten,
  logSoftmax,
  logSumExp,
  matmul,
  maximum,
  maxPool2d,
  mean,
  mul,
  neg,
  oneHot,
  relu,
  sin,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '@gradkit/tensor';
import type { grad as gradOfAutograd } from '../index.js';

// The composed functions of fixtures/pytorch-gradients.json (written with PyTorch), shared by
// autograd's eager tests and jit's compiled ones so both differentiate the same functions.

export type Nested = number | Nested[];

/** A function's inputs, constants, value and gradient with respect to every input. */
export interface GradientFixture {
  readonly inputs: Nested[];
  readonly constants: Record<string, number[]>;
  readonly value: number;
  readonly grads: Nested[];
}

export const { fixtures } = JSON.parse(
  readFileSync(new URL('../../fixtures/pytorch-gradients.json', import.meta.url), 'utf8'),
) as { fixtures: Record<string, GradientFixture & Record<string, unknown>> };

/** A fixture and its function of the fixture's inputs. */
export interface GradientCase {
  readonly fixture: GradientFixture;
  readonly f: (...args: Tensor[]) => Tensor;
}

/**
 * The value-and-gradient cases by title; `build` makes the function with `constant` for its
 * float constants and `dtype` for its one-hot rows (called inside a test, on its backend).
 */
export const GRADIENT_CASES: readonly {
  readonly title: string;
  readonly build: (constant: (values: Nested) => Tensor, dtype: DType) => GradientCase;
}[] = [
  {
    title: 'softmax cross-entropy',
    build: (_constant, dtype) => {
      const fixture = fixtures.softmaxCrossEntropy!;
      const labels = tensor(fixture.constants.labels!, undefined, 'int32');
      return {
        fixture,
        f: (logits) => mean(neg(sum(mul(logSoftmax(logits), oneHot(labels, 5, { dtype })), -1))),
      };
    },
  },
  {
    title: 'logsumexp',
    build: (constant) => {
      const fixture = fixtures.logSumExp!;
      const weights = constant(fixture.constants.weights!);
      return { fixture, f: (x) => sum(mul(logSumExp(x, 1), weights)) };
    },
  },
  {
    title: 'conv2d + maxPool2d + matmul chain',
    build: () => ({
      fixture: fixtures.convPoolMatmul!,
      f: (x, w1, b1, w2) => {
        const h = maxPool2d(relu(conv2d(x, w1!, { padding: 1, bias: b1! })), { kernelSize: 2 });
        const y = tanh(matmul(flatten(h, 1), w2!));
        return sum(mul(y, y));
      },
    }),
  },
  {
    title: 'broadcasting chain',
    build: () => ({
      fixture: fixtures.broadcastChain!,
      f: (a, b, c) => {
        const s = add(mul(a, b!), c!);
        return sum(add(div(mul(s, s), add(exp(sub(a, c!)), 1)), mul(maximum(a, b!), c!)));
      },
    }),
  },
];

/** The scalar function of the `higherOrder` fixture (its first three derivatives). */
function higherOrderFunction(x: Tensor): Tensor {
  return sum(add(mul(sin(x), mul(mul(x, x), x)), exp(neg(mul(x, x)))));
}

/**
 * The first, second and third derivatives of the `higherOrder` fixture's function, each the
 * `grad` of the sum of the one before; `grad` is passed in so that a caller differentiates
 * with the autograd it imports.
 */
export function higherOrderDerivatives(
  grad: typeof gradOfAutograd,
): readonly [(x: Tensor) => Tensor, (x: Tensor) => Tensor, (x: Tensor) => Tensor] {
  const first = (x: Tensor) => grad(higherOrderFunction)(x);
  const second = (x: Tensor) => grad((v: Tensor) => sum(first(v)))(x);
  const third = (x: Tensor) => grad((v: Tensor) => sum(second(v)))(x);
  return [first, second, third];
}

/** The function of the `hvp` fixture, over the fixture's matrix. */
export function hvpFunction(matrix: Tensor): (x: Tensor) => Tensor {
  return (x) => add(logSumExp(matmul(matrix, x), 0), div(sum(mul(mul(x, x), mul(x, x))), 4));
}
