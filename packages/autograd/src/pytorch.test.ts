// Gradients of composed functions against PyTorch 1.13 (fixtures/pytorch-gradients.json,
// written by scripts/generate_fixtures.py with Debian's python3-torch), all in float64.
// On float32-only backends the same functions run in float32, at float32 tolerances.
import { readFileSync } from 'node:fs';
import {
  add,
  conv2d,
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
import { assertTensorClose, closeMismatch } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { grad, hvp, valueAndGrad } from './index.js';
import { floats, testDType, tolerance as toleranceOf } from './testing/dtype.js';

type Nested = number | Nested[];

interface GradientFixture {
  readonly inputs: Nested[];
  readonly constants: Record<string, number[]>;
  readonly value: number;
  readonly grads: Nested[];
}

const { fixtures } = JSON.parse(
  readFileSync(new URL('../fixtures/pytorch-gradients.json', import.meta.url), 'utf8'),
) as { fixtures: Record<string, GradientFixture & Record<string, unknown>> };

const f64 = (values: Nested): Tensor => floats(values as number[]);
// float32 keeps ~7 digits; chains of a dozen ops (and the fixtures' inputs rounded to float32)
// leave ~1e-5 relative.
const tolerance = toleranceOf({ rtol: 1e-10, atol: 1e-12 }, { rtol: 1e-3, atol: 1e-4 });

/** toBeCloseTo(expected, digits) in float64; float32 tolerances otherwise. */
function expectValue(actual: number, expected: number, digits: number): void {
  if (testDType() === 'float64') expect(actual).toBeCloseTo(expected, digits);
  else expect(closeMismatch([actual], [expected], tolerance)).toBeUndefined();
}

function expectMatches(fixture: GradientFixture, f: (...args: Tensor[]) => Tensor): void {
  const args = fixture.inputs.map(f64);
  const argnums = args.map((_, i) => i);
  const [value, grads] = valueAndGrad(f, { argnums })(...args);
  expectValue(value.item() as number, fixture.value, 10);
  grads.forEach((g, i) => {
    assertTensorClose(g, fixture.grads[i] as number[], tolerance);
  });
}

describe('gradients of composed functions match PyTorch', () => {
  it('softmax cross-entropy', () => {
    const fixture = fixtures.softmaxCrossEntropy!;
    const labels = tensor(fixture.constants.labels!, undefined, 'int32');
    expectMatches(fixture, (logits) =>
      mean(neg(sum(mul(logSoftmax(logits), oneHot(labels, 5, { dtype: testDType() })), -1))),
    );
  });

  it('logsumexp', () => {
    const fixture = fixtures.logSumExp!;
    const weights = f64(fixture.constants.weights!);
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
    const x = f64((fixture.inputs as Nested[])[0]!);
    assertTensorClose(first(x), fixture.first as number[], tolerance);
    assertTensorClose(second(x), fixture.second as number[], tolerance);
    assertTensorClose(third(x), fixture.third as number[], tolerance);
  });

  it('hvp matches torch.autograd.functional.hvp', () => {
    const fixture = fixtures.hvp as unknown as Record<string, Nested>;
    const matrix = f64(fixture.matrix!);
    const f = (x: Tensor) =>
      add(logSumExp(matmul(matrix, x), 0), div(sum(mul(mul(x, x), mul(x, x))), 4));
    const x = f64(fixture.x!);
    expectValue(f(x).item() as number, fixture.value as number, 12);
    assertTensorClose(hvp(f, x, f64(fixture.v!)), fixture.hvp as number[], tolerance);
  });
});
