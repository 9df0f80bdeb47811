import { ones } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Dropout } from './dropout.js';

describe('Dropout', () => {
  it('is the identity when not training', () => {
    const drop = new Dropout({ p: 0.5, seed: 0 });
    expect(drop(ones([4])).toArray()).toEqual([1, 1, 1, 1]);
  });

  it('zeroes about p of the elements and scales the rest by 1/(1-p) in training', () => {
    const drop = new Dropout({ p: 0.25, seed: 1 }).setTrain(true);
    const y = Array.from(drop(ones([10000])).dataSync());
    const kept = y.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(kept.length / y.length).toBeCloseTo(0.75, 1);
  });

  it('is reproducible from its seed, with a new mask each call', () => {
    const a = new Dropout({ seed: 7 }).setTrain(true);
    const b = new Dropout({ seed: 7 }).setTrain(true);
    const first = a(ones([32])).toArray();
    expect(b(ones([32])).toArray()).toEqual(first);
    expect(a(ones([32])).toArray()).not.toEqual(first);
    expect(() => new Dropout({ p: 1 })).toThrow(/\[0, 1\)/);
  });
});
