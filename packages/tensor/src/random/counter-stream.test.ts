import { describe, expect, it } from 'vitest';
import { CounterStream } from './counter-stream.js';
import { key, split } from './random-key.js';
import { threefry2x32 } from './threefry.js';

describe('CounterStream', () => {
  it('reads the blocks (1 + d, lane) of its key, both words of each', () => {
    const k = key(5);
    const stream = new CounterStream(k).seek(7);
    const words = [stream.nextWord(), stream.nextWord(), stream.nextWord(), stream.nextWord()];
    expect(words).toEqual([...threefry2x32(k.data, [1, 7]), ...threefry2x32(k.data, [2, 7])]);
    expect(stream.seek(7).nextWord()).toBe(words[0]);
  });

  it('does not repeat the words of keys split from the same key', () => {
    const k = key(5);
    const derived = new Set(split(k, 64).flatMap((s) => [...s.data]));
    const stream = new CounterStream(k);
    for (let lane = 0; lane < 64; lane++) {
      stream.seek(lane);
      expect(derived.has(stream.nextWord())).toBe(false);
      expect(derived.has(stream.nextWord())).toBe(false);
    }
  });

  it('draws unbiased integers below a span by rejection', () => {
    const stream = new CounterStream(key(9)).seek(0);
    // 3 * 2^30 does not divide 2^32: taking words mod span would favour the lowest third.
    const span = 3 * 2 ** 30;
    const n = 30_000;
    const thirds = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const value = stream.nextBelow(span);
      expect(value >= 0 && value < span && Number.isInteger(value)).toBe(true);
      thirds[Math.floor(value / 2 ** 30)]! += 1;
    }
    const sigma = Math.sqrt((n * 2) / 9);
    for (const count of thirds) expect(Math.abs(count - n / 3)).toBeLessThan(5 * sigma);
  });

  it('passes whole words through when the span is 2^32 and returns 0 for a span of 1', () => {
    const word = new CounterStream(key(1)).seek(3).nextWord();
    expect(new CounterStream(key(1)).seek(3).nextBelow(2 ** 32)).toBe(word);
    expect(new CounterStream(key(1)).seek(3).nextBelow(1)).toBe(0);
  });

  it('builds unit numbers on 2^-32 and 2^-53 grids', () => {
    const k = key(2);
    const [high, low] = threefry2x32(k.data, [1, 0]);
    expect(new CounterStream(k).nextUnit32()).toBe(high * 2 ** -32);
    const unit = new CounterStream(k).nextUnit53();
    expect(unit).toBe((high * 2 ** 21 + (low >>> 11)) * 2 ** -53);
    expect(unit >= 0 && unit < 1 && Number.isInteger(unit * 2 ** 53)).toBe(true);
  });
});
