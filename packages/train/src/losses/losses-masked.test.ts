// Class losses on logits masked with -Infinity (an excluded class) against PyTorch 1.13
// (fixtures/losses-masked.json, written by scripts/generate_masked_loss_fixtures.py): finite
// values and gradients where PyTorch has them, no NaN from 0 · -Infinity.
import { grad } from '@gradkit/autograd';
import { logSoftmax, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/losses-masked.json';
import { expectClose } from '../testing/close.js';
import { CrossEntropyLoss, NLLLoss, SoftmaxCrossEntropyWithLogits } from './class-losses.js';
import type { Reduction } from './loss-base.js';

type Encoded = number | string | Encoded[];
const decode = (value: Encoded): unknown =>
  Array.isArray(value) ? value.map(decode) : typeof value === 'string' ? Number(value) : value;

const logits = tensor(decode(fixtures.logits as Encoded) as number[][]);
const labels = tensor(fixtures.labels, undefined, 'int32');
const weight = tensor(fixtures.weight);

interface LossCase {
  readonly none: Encoded;
  readonly mean: Encoded;
  readonly sum: Encoded;
  readonly grad: Encoded;
}

function expectCase(expected: LossCase, loss: (reduction: Reduction) => (x: Tensor) => Tensor) {
  for (const reduction of ['none', 'mean', 'sum'] as const) {
    const value = loss(reduction)(logits);
    expect(Array.from(value.dataSync()).some(Number.isNaN)).toBe(false);
    expectClose(value, decode(expected[reduction]));
  }
  const gradient = grad(loss('sum'))(logits);
  expect(Array.from(gradient.dataSync()).some(Number.isNaN)).toBe(false);
  expectClose(gradient, decode(expected.grad));
}

describe('class losses with a masked (-Infinity) logit match PyTorch', () => {
  it('CrossEntropyLoss gives log 2 for [[0, -inf, 0]] with label 0, and finite gradients', () => {
    const single = new CrossEntropyLoss()(
      tensor([[0, Number.NEGATIVE_INFINITY, 0]]),
      tensor([0], undefined, 'int32'),
    );
    expect(single.item()).toBeCloseTo(Math.log(2), 6);
    expectCase(
      fixtures.crossEntropy,
      (reduction) => (x) => new CrossEntropyLoss({ reduction })(x, labels),
    );
  });

  it('CrossEntropyLoss with class weights and an ignored target', () => {
    expectCase(
      fixtures.crossEntropyWeighted,
      (reduction) => (x) => new CrossEntropyLoss({ reduction, weight })(x, labels),
    );
  });

  it('NLLLoss on log-probabilities holding log 0 = -Infinity', () => {
    expectCase(
      fixtures.nll,
      (reduction) => (x) => new NLLLoss({ reduction })(logSoftmax(x, 1), labels),
    );
  });

  it('label smoothing averages every class, so a masked one makes the loss infinite, as PyTorch', () => {
    const value = new CrossEntropyLoss({ labelSmoothing: 0.1 })(logits, labels).item();
    expect(value).toBe(decode(fixtures.crossEntropySmoothedMean as Encoded));
  });

  it('SoftmaxCrossEntropyWithLogits with sparse labels', () => {
    const kept = tensor([0, 1, 1], undefined, 'int32');
    const rows = tensor(decode(fixtures.logits as Encoded) as number[][]).toArray() as number[][];
    const value = new SoftmaxCrossEntropyWithLogits({ sparse: true })(
      tensor(rows.slice(0, 3)),
      kept,
    );
    expectClose(value, (decode(fixtures.crossEntropy.none as Encoded) as number[]).slice(0, 3));
  });

  it('a class index outside [0, C) is a clear error naming labels', () => {
    expect(() =>
      new NLLLoss()(logSoftmax(logits, 1), tensor([0, 3, 1, 1], undefined, 'int32')),
    ).toThrow("NLLLoss: argument 'labels' holds the class index 3 at 1, outside [0, 3)");
  });
});
