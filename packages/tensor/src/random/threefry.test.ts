import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/threefry.json' with { type: 'json' };
import { threefry2x32, threefry2x32Into } from './threefry.js';

type Pair = [number, number];

describe('threefry2x32', () => {
  // Random123's published known answers for threefry2x32_20 (tests/kat_vectors).
  it.each([
    { key: [0, 0], counter: [0, 0], output: [0x6b200159, 0x99ba4efe] },
    {
      key: [0xffffffff, 0xffffffff],
      counter: [0xffffffff, 0xffffffff],
      output: [0x1cb996fc, 0xbb002be7],
    },
    {
      key: [0x13198a2e, 0x03707344],
      counter: [0x243f6a88, 0x85a308d3],
      output: [0xc4923a9c, 0x483df7a0],
    },
  ])('matches the Random123 known answer for key $key', ({ key, counter, output }) => {
    expect(threefry2x32(key as Pair, counter as Pair)).toEqual(output);
  });

  it('matches every vector of the independent Python reference', () => {
    expect(fixture.vectors.length).toBeGreaterThanOrEqual(60);
    for (const { key, counter, output } of fixture.vectors) {
      expect(threefry2x32(key as Pair, counter as Pair)).toEqual(output);
    }
  });

  it('writes the same words through the allocation-free entry point', () => {
    const out = new Uint32Array(2);
    threefry2x32Into(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, out);
    expect([...out]).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it('returns unsigned 32-bit words', () => {
    for (const { key, counter } of fixture.vectors) {
      for (const word of threefry2x32(key as Pair, counter as Pair)) {
        expect(Number.isInteger(word) && word >= 0 && word < 2 ** 32).toBe(true);
      }
    }
  });
});
