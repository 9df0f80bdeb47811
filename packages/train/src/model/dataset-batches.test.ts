import { memory, type Tensor, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { DatasetBatches } from './dataset-batches.js';

describe('DatasetBatches', () => {
  it('frees a made batch when the next is fetched, keeping tensors yielded again', () => {
    const given = tensor([1]);
    const made: Tensor[] = [];
    const before = memory().tensors;
    const batches = new DatasetBatches('test', {
      *[Symbol.iterator]() {
        const label = tensor([0]);
        made.push(label);
        for (let i = 0; i < 3; i++) {
          const input = tensor([i]);
          made.push(input);
          yield [input, label, given];
        }
      },
    });
    const first = batches.next()!;
    expect(first[0]!.toArray()).toEqual([0]);
    const second = batches.next()!;
    expect(first[0]!.isDisposed).toBe(true);
    expect(second[1]!.isDisposed).toBe(false); // the label, yielded again
    batches.next();
    expect(batches.next()).toBeUndefined();
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(given.isDisposed).toBe(false);
    expect(memory().tensors).toBe(before);
  });

  it('leaves what the dataset made ahead, and closes its iterator early', () => {
    let finished = false;
    let ahead: Tensor | undefined;
    const batches = new DatasetBatches('test', {
      *[Symbol.iterator]() {
        try {
          const first = tensor([1]);
          ahead = tensor([2]);
          yield [first];
          yield [ahead];
        } finally {
          finished = true;
        }
      },
    });
    const [first] = batches.next()!;
    expect(ahead!.isDisposed).toBe(false);
    batches.close();
    expect(first!.isDisposed).toBe(true);
    expect(finished).toBe(true);
    expect(ahead!.isDisposed).toBe(false); // never yielded: the dataset's own
    ahead!.dispose();
  });

  it('refuses what is not iterable', () => {
    expect(() => new DatasetBatches('Model.eval', 3 as never)).toThrow(
      /Model\.eval: argument 'dataset' must be iterable, .* got a number 3/,
    );
  });
});
