// The softmax family on masked (-Infinity) entries and over empty axes, from the definitions:
// softmax_i = e^x_i / sum_j e^x_j, logSumExp = log sum_j e^x_j (log 0 = -Infinity for no
// terms, as PyTorch's logsumexp over an empty dim), and an empty softmax is empty.
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import { assertTensorClose } from '../testing/index.js';
import { logSoftmax, softmax } from './softmax.js';
import { logSumExp } from './statistics.js';

const LN2 = Math.log(2);

describe('masked logits', () => {
  it('softmax gives a -Infinity entry 0 and normalises over the rest', () => {
    assertTensorClose(softmax(tensor([[0, Number.NEGATIVE_INFINITY, 0]])), [[0.5, 0, 0.5]]);
  });

  it('logSoftmax keeps -Infinity there and -log 2 elsewhere, no NaN', () => {
    const out = logSoftmax(tensor([[0, Number.NEGATIVE_INFINITY, 0]]));
    expect(out.toArray()).toEqual([
      [expect.closeTo(-LN2, 6), Number.NEGATIVE_INFINITY, expect.closeTo(-LN2, 6)],
    ]);
  });

  it('logSumExp adds nothing for -Infinity and is -Infinity for an all-masked row', () => {
    const inf = Number.NEGATIVE_INFINITY;
    assertTensorClose(
      logSumExp(
        tensor([
          [0, inf, 0],
          [inf, inf, inf],
        ]),
        1,
      ),
      [LN2, inf],
    );
  });
});

describe('empty axes', () => {
  it('softmax and logSoftmax of an empty axis are empty tensors of the same shape', () => {
    for (const op of [softmax, logSoftmax]) {
      const out = op(zeros([2, 0]), 1);
      expect(out.shape).toEqual([2, 0]);
      expect(out.dtype).toBe('float32');
    }
    expect(softmax(zeros([0, 3]), 1).shape).toEqual([0, 3]);
  });

  it('logSumExp over an empty axis is -Infinity, with keepdims too', () => {
    const inf = Number.NEGATIVE_INFINITY;
    const out = logSumExp(zeros([2, 0]), 1);
    expect(out.shape).toEqual([2]);
    expect(out.toArray()).toEqual([inf, inf]);
    expect(logSumExp(zeros([2, 0]), 1, true).shape).toEqual([2, 1]);
    expect(logSumExp(zeros([0])).toArray()).toBe(inf);
  });

  it('logSumExp over a non-empty axis of a tensor with an empty one stays empty', () => {
    expect(logSumExp(zeros([0, 3]), 1).shape).toEqual([0]);
  });
});
