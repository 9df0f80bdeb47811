import { describe, expect, it } from 'vitest';
import { checkAgreement } from './agreement.js';

const tolerance = { rtol: 1e-4, atol: 1e-6 };

describe('checkAgreement', () => {
  it('accepts float32-sized differences and names the reference', () => {
    const result = checkAgreement(
      { ref: [2.3, 2.1], a: [2.30001, 2.09999], skipped: { skipped: 'why' } },
      ['ref'],
      tolerance,
    );
    expect(result.reference).toBe('ref');
    expect(result.disagreeing).toEqual([]);
    expect(result.worst.a).toBeLessThan(1);
    expect(result.worst.skipped).toBe('why');
  });

  it('flags a system that computed something else, fewer steps, or NaN', () => {
    const result = checkAgreement(
      { ref: [2.3, 2.1], off: [2.3, 2.2], short: [2.3], nan: [2.3, Number.NaN] },
      ['ref'],
      tolerance,
    );
    expect(result.disagreeing).toEqual(['off', 'short', 'nan']);
  });

  it('falls back to the next preferred reference', () => {
    const result = checkAgreement({ a: { skipped: 'no' }, b: [1], c: [1] }, ['a', 'b'], tolerance);
    expect(result.reference).toBe('b');
  });
});
