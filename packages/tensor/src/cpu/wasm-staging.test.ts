import { describe, expect, it } from 'vitest';
import { wasmRuntime } from './wasm-runtime.js';
import { copyOut, stageRegions } from './wasm-staging.js';

describe('stageRegions and copyOut', () => {
  const wasm = wasmRuntime()!;

  it('lays regions out apart and aligned, copies operands in and zeroes what asks for it', () => {
    const a = Float32Array.from([1, 2, 3]);
    const b = Float32Array.from([-4, 5, 6, 7, 8]);
    // Dirty the memory first: the zeroed region must not keep what was there.
    const dirty = stageRegions(wasm, [{ from: new Float32Array(64).fill(9) }])!;
    expect(dirty).toHaveLength(1);
    const starts = stageRegions(wasm, [
      { from: a },
      { elements: 6, zero: true },
      { from: b },
      { elements: 2 },
    ])!;
    for (const start of starts) expect(start % 4).toBe(0);
    // Each region starts past the previous one's end.
    const lengths = [3, 6, 5, 2];
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]!).toBeGreaterThanOrEqual(starts[i - 1]! + lengths[i - 1]!);
    }
    const read = (start: number, length: number) => {
      const out = new Float32Array(length);
      copyOut(wasm, start, out);
      return Array.from(out);
    };
    expect(read(starts[0]!, 3)).toEqual([1, 2, 3]);
    expect(read(starts[1]!, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(read(starts[2]!, 5)).toEqual([-4, 5, 6, 7, 8]);
  });

  it('gives null, writing nothing, when the memory cannot hold the regions', () => {
    const kept = stageRegions(wasm, [{ from: Float32Array.from([42]) }])!;
    // 2^28 floats are 1 GiB, the most the runtime's memory may grow to, before the other region.
    expect(stageRegions(wasm, [{ elements: 2 ** 28 }, { elements: 1, zero: true }])).toBeNull();
    const out = new Float32Array(1);
    copyOut(wasm, kept[0]!, out);
    expect(out[0]).toBe(42);
  });
});
