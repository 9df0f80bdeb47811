import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/mulberry32.json' with { type: 'json' };
import { seededUniform } from './seeded-uniform.js';

describe('seededUniform', () => {
  it.each(fixture.cases)('matches the independent reference for seed $seed', ({ seed, draws }) => {
    const next = seededUniform(seed);
    expect(draws.map(() => next())).toEqual(draws);
  });

  it('gives independent sequences to two generators of one seed', () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
  });

  it('stays in [0, 1)', () => {
    const next = seededUniform(3);
    for (let i = 0; i < 10_000; i++) {
      const u = next();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
