import { describe, expect, it } from 'vitest';
import { summarize } from './stats.js';

describe('summarize', () => {
  it('takes the middle sample of an odd count and the range', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, samples: 3 });
  });

  it('averages the middle two of an even count', () => {
    expect(summarize([4, 1, 2, 10]).median).toBe(3);
  });

  it('refuses an empty sample', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});
