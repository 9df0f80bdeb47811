import { describe, expect, it } from 'vitest';
import { RandomKey, random } from './index.js';

describe('random namespace', () => {
  it('offers every function on a frozen object', () => {
    expect(Object.keys(random).sort()).toEqual([
      'bernoulli',
      'foldIn',
      'key',
      'normal',
      'permutation',
      'randint',
      'split',
      'truncatedNormal',
      'uniform',
    ]);
    expect(Object.isFrozen(random)).toBe(true);
    expect(random.key(0)).toBeInstanceOf(RandomKey);
  });

  it('gives the same values whatever else was sampled before', () => {
    const [initKey, noiseKey] = random.split(random.key(42)) as [RandomKey, RandomKey];
    const weights = random.normal(initKey, [4, 4]).dataSync();
    random.uniform(noiseKey, [100]);
    random.permutation(random.key(1), 10);
    expect(random.normal(initKey, [4, 4]).dataSync()).toEqual(weights);
  });
});
