// Compiled gradients against PyTorch 1.13: the fixtures of @gradkit/autograd
// (packages/autograd/fixtures/pytorch-gradients.json), each function traced, then replayed,
// in float32 (where chains fuse) and float64 (where they do not).
import { readFileSync } from 'node:fs';
import { grad, hvp, valueAndGrad } from '@gradkit/autograd';
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
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { jit } from './jit.js';

type Nested = number | Nested[];
interface GradientFixture {
  readonly inputs: Nested[];
  readonly constants: Record<string, number[]>;
  readonly value: number;
  readonly grads: Nested[];
}

const { fixtures } = JSON.parse(
  readFileSync(new URL('../../autograd/fixtures/pytorch-gradients.json', import.meta.url), 'utf8'),
) as { fixtures: Record<string, GradientFixture & Record<string, unknown>> };

const TOLERANCE = {
  float32: { rtol: 1e-3, atol: 1e-4 },
  float64: { rtol: 1e-9, atol: 1e-11 },
} as const;

describe.each(['float32', 'float64'] as const)('compiled gradients match PyTorch (%s)', (dtype) => {
  const t = (values: Nested): Tensor => tensor(values as number[], undefined, dtype);
  const tolerance = TOLERANCE[dtype];

  function expectMatches(fixture: GradientFixture, f: (...args: Tensor[]) => Tensor): void {
    const args = fixture.inputs.map(t);
    const compiled = jit(valueAndGrad(f, { argnums: args.map((_, i) => i) }));
    for (let call = 0; call < 2; call++) {
      const [value, grads] = compiled(...args);
      assertTensorClose(value, [fixture.value], tolerance);
      grads.forEach((g, i) => {
        assertTensorClose(g, fixture.grads[i] as number[], tolerance);
      });
    }
    expect(compiled.traces).toBe(1);
  }

  it('softmax cross-entropy', () => {
    const fixture = fixtures.softmaxCrossEntropy!;
    const labels = tensor(fixture.constants.labels!, undefined, 'int32');
    expectMatches(fixture, (logits) =>
      mean(neg(sum(mul(logSoftmax(logits), oneHot(labels, 5, { dtype: dtype as DType })), -1))),
    );
  });

  it('logsumexp', () => {
    const fixture = fixtures.logSumExp!;
    const weights = t(fixture.constants.weights!);
    expectMatches(fixture, (x) => sum(mul(logSumExp(x, 1), weights)));
  });

  it('conv2d + maxPool2d + matmul chain', () => {
    expectMatches(fixtures.convPoolMatmul!, (x, w1, b1, w2) => {
      const h = maxPool2d(relu(conv2d(x, w1!, { padding: 1, bias: b1! })), { kernelSize: 2 });
      const y = tanh(matmul(flatten(h, 1), w2!));
      return sum(mul(y, y));
    });
  });

  it('broadcasting chain', () => {
    expectMatches(fixtures.broadcastChain!, (a, b, c) => {
      const s = add(mul(a, b!), c!);
      return sum(add(div(mul(s, s), add(exp(sub(a, c!)), 1)), mul(maximum(a, b!), c!)));
    });
  });

  it('first, second and third derivatives of a scalar function', () => {
    const fixture = fixtures.higherOrder as unknown as Record<string, Nested>;
    const f = (x: Tensor) => sum(add(mul(sin(x), mul(mul(x, x), x)), exp(neg(mul(x, x)))));
    const first = (x: Tensor) => grad(f)(x);
    const second = (x: Tensor) => grad((v: Tensor) => sum(first(v)))(x);
    const third = (x: Tensor) => grad((v: Tensor) => sum(second(v)))(x);
    const x = t((fixture.inputs as Nested[])[0]!);
    const compiled = jit((v: Tensor) => [first(v), second(v), third(v)] as const);
    for (let call = 0; call < 2; call++) {
      const [d1, d2, d3] = compiled(x);
      assertTensorClose(d1, fixture.first as number[], tolerance);
      assertTensorClose(d2, fixture.second as number[], tolerance);
      assertTensorClose(d3, fixture.third as number[], tolerance);
    }
  });

  it('hvp matches torch.autograd.functional.hvp', () => {
    const fixture = fixtures.hvp as unknown as Record<string, Nested>;
    const matrix = t(fixture.matrix!);
    const f = (x: Tensor) =>
      add(logSumExp(matmul(matrix, x), 0), div(sum(mul(mul(x, x), mul(x, x))), 4));
    const compiled = jit((x: Tensor, v: Tensor) => hvp(f, x, v));
    for (let call = 0; call < 2; call++) {
      assertTensorClose(compiled(t(fixture.x!), t(fixture.v!)), fixture.hvp as number[], tolerance);
    }
  });
});
