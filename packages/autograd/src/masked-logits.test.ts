// Logits masked with -Infinity (attention masks, excluded classes): values and gradients of
// the softmax family against PyTorch 1.13 (fixtures/pytorch-masked-logits.json, written by
// scripts/generate_masked_logit_fixtures.py). No NaN may appear: the max-shift must not
// compute -Infinity - -Infinity, and the masked entries get PyTorch's gradients.
import { readFileSync } from 'node:fs';
import {
  gather,
  isFinite,
  logSoftmax,
  logSumExp,
  mean,
  mul,
  neg,
  reshape,
  softmax,
  sum,
  type Tensor,
  tensor,
  where,
} from '@gradkit/tensor';
import { assertTensorClose } from '@gradkit/tensor/testing';
import { describe, expect, it } from 'vitest';
import { valueAndGrad } from './index.js';
import { floats, tolerance as toleranceOf } from './testing/dtype.js';

type Encoded = number | string | Encoded[];

interface Case {
  readonly logits: Encoded;
  readonly weights: number[][] | null;
  readonly output: Encoded;
  readonly grad: Encoded;
  readonly labels?: number[];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/pytorch-masked-logits.json', import.meta.url), 'utf8'),
) as Record<string, Case>;

/** JSON has no infinities: the generator writes them as strings. */
function decode(value: Encoded): number | number[] | number[][] {
  if (Array.isArray(value)) return value.map(decode) as number[];
  if (typeof value === 'string') return Number(value);
  return value;
}

const tolerance = toleranceOf({ rtol: 1e-10, atol: 1e-12 }, { rtol: 1e-4, atol: 1e-5 });

function expectCase(fixture: Case, f: (x: Tensor) => Tensor, reduce = true): void {
  const x = floats(decode(fixture.logits) as number[][]);
  const weights = fixture.weights === null ? undefined : floats(fixture.weights);
  const output = f(x);
  assertTensorClose(output, decode(fixture.output) as number[], tolerance);
  const objective = (input: Tensor) => {
    const y = f(input);
    if (!reduce) return y;
    return sum(weights === undefined ? y : mul(y, weights));
  };
  const [, gradient] = valueAndGrad(objective)(x);
  const values = Array.from(gradient.dataSync());
  expect(values.some((v) => Number.isNaN(v))).toBe(false);
  assertTensorClose(gradient, decode(fixture.grad) as number[], tolerance);
}

describe('masked (-Infinity) logits match PyTorch, without NaN', () => {
  it('logSoftmax: -Infinity stays -Infinity, the others normalise over the rest', () => {
    expectCase(fixtures.logSoftmax!, (x) => logSoftmax(x, 1));
  });

  it('logSoftmax with the masked outputs selected away', () => {
    expectCase(fixtures.logSoftmaxWeighted!, (x) => where(isFinite(x), logSoftmax(x, 1), 0));
  });

  it('softmax gives the masked entries 0 and 0 gradient', () => {
    expectCase(fixtures.softmax!, (x) => softmax(x, 1));
  });

  it('logSumExp ignores masked entries', () => {
    expectCase(fixtures.logSumExp!, (x) => logSumExp(x, 1));
  });

  it('softmax cross-entropy picked with gather: 0.6931 for [[0, -inf, 0]] and label 0', () => {
    const paper = fixtures.crossEntropyPaper!;
    expectCase(
      paper,
      (x) => mean(neg(gather(logSoftmax(x, 1), tensor([0], undefined, 'int32'), 1))),
      false,
    );
    // One entry per row: gather from the flattened [N·C] at row·C + label.
    const batch = fixtures.crossEntropy!;
    const flatIndex = tensor(
      batch.labels!.map((label, row) => row * 3 + label),
      undefined,
      'int32',
    );
    expectCase(
      batch,
      (x) => mean(neg(gather(reshape(logSoftmax(x, 1), [-1]), flatIndex, 0))),
      false,
    );
  });
});
