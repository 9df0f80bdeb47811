import { logSoftmax, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/losses.json';
import { expectClose } from '../testing/close.js';
import { CrossEntropyLoss, NLLLoss, SoftmaxCrossEntropyWithLogits } from './class-losses.js';
import { BCEWithLogitsLoss, L1Loss, MSELoss, SmoothL1Loss } from './elementwise-losses.js';
import type { Reduction } from './loss-base.js';

const t = (values: unknown) => tensor(values as number[]);
const ints = (values: unknown) => tensor(values as number[], undefined, 'int32');
const inputs = fixtures.inputs;
const logits = t(inputs.logits);
const labels = ints(inputs.labels);
const ignored = ints(inputs.labelsWithIgnored);
const weight = t(inputs.weight);
const probabilities = t(inputs.probabilities);

describe.each(['none', 'mean', 'sum'] as const)(
  'losses against PyTorch, reduction %s',
  (reduction: Reduction) => {
    const ce = fixtures.crossEntropy[reduction];
    it('CrossEntropyLoss: plain, weighted, ignored, smoothed, probabilities', () => {
      expectClose(new CrossEntropyLoss({ reduction })(logits, labels), ce.plain);
      expectClose(new CrossEntropyLoss({ reduction, weight })(logits, labels), ce.weighted);
      expectClose(new CrossEntropyLoss({ reduction, weight })(logits, ignored), ce.ignored);
      expectClose(
        new CrossEntropyLoss({ reduction, weight, labelSmoothing: 0.2 })(logits, ignored),
        ce.smoothed,
      );
      expectClose(new CrossEntropyLoss({ reduction })(logits, probabilities), ce.probabilities);
      expectClose(
        new CrossEntropyLoss({ reduction, weight, labelSmoothing: 0.1 })(logits, probabilities),
        ce.probabilitiesSmoothed,
      );
    });

    it('CrossEntropyLoss over a spatial axis', () => {
      const s = fixtures.crossEntropySpatial;
      expectClose(new CrossEntropyLoss({ reduction })(t(s.logits), ints(s.labels)), s[reduction]);
    });

    it('SoftmaxCrossEntropyWithLogits, sparse and one-hot', () => {
      const plain = fixtures.crossEntropy[reduction].plain;
      expectClose(
        new SoftmaxCrossEntropyWithLogits({ sparse: true, reduction })(logits, labels),
        plain,
      );
      const oneHot = t(inputs.labels.map((l) => [0, 1, 2, 3].map((c) => (c === l ? 1 : 0))));
      expectClose(new SoftmaxCrossEntropyWithLogits({ reduction })(logits, oneHot), plain);
      expectClose(
        new SoftmaxCrossEntropyWithLogits({ reduction })(logits, probabilities),
        fixtures.crossEntropy[reduction].probabilities,
      );
    });

    it('NLLLoss, plain and weighted with ignored targets', () => {
      const logp = logSoftmax(logits, 1);
      expectClose(new NLLLoss({ reduction })(logp, labels), fixtures.nll[reduction].plain);
      expectClose(
        new NLLLoss({ reduction, weight })(logp, ignored),
        fixtures.nll[reduction].ignored,
      );
    });

    it('MSELoss, L1Loss, SmoothL1Loss, BCEWithLogitsLoss', () => {
      const e = fixtures.elementwise;
      const [a, b, y] = [t(e.a), t(e.b), t(e.targets)];
      const ref = e[reduction];
      expectClose(new MSELoss({ reduction })(a, b), ref.mse);
      expectClose(new L1Loss({ reduction })(a, b), ref.l1);
      expectClose(new SmoothL1Loss({ reduction })(a, b), ref.smoothL1);
      expectClose(new SmoothL1Loss({ reduction, beta: 0.5 })(a, b), ref.smoothL1Beta);
      expectClose(new BCEWithLogitsLoss({ reduction })(a, y), ref.bce);
      expectClose(
        new BCEWithLogitsLoss({ reduction, weight: t(e.bceWeight), posWeight: t(e.posWeight) })(
          a,
          y,
        ),
        ref.bceWeighted,
      );
    });
  },
);

describe('loss defaults', () => {
  it("are MindSpore's: 'none' for SoftmaxCrossEntropyWithLogits and SmoothL1Loss, 'mean' elsewhere", () => {
    expect(new SoftmaxCrossEntropyWithLogits().reduction).toBe('none');
    expect(new SmoothL1Loss().reduction).toBe('none');
    for (const loss of [
      new CrossEntropyLoss(),
      new NLLLoss(),
      new MSELoss(),
      new L1Loss(),
      new BCEWithLogitsLoss(),
    ]) {
      expect(loss.reduction).toBe('mean');
    }
    expect(() => new MSELoss({ reduction: 'avg' as never })).toThrow(/reduction/);
  });
});
