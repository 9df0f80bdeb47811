import { afterAll, describe, expect, it } from 'vitest';
import type { ElementwiseExpression as E } from '../fused/expression-tree.js';
import { createCpuFusedElementwise } from './fused-elementwise.js';
import { arenaAddress, arenaAllocate, arenaFree, arenaUsage } from './shared-arena.js';
import { setActiveThreads, stopWorkers } from './thread-pool.js';

afterAll(() => {
  stopWorkers();
  setActiveThreads(1);
});

const info = (values: Float32Array) => ({
  dataId: { values },
  shape: [values.length],
  dtype: 'float32' as const,
});

/** An arena array of `size` values from a sine, or an error where there is no arena. */
function arenaValues(size: number, phase: number): Float32Array {
  const values = arenaAllocate(size);
  if (values === null) throw new Error('no arena in this runtime');
  for (let i = 0; i < size; i++) values[i] = Math.sin(i + phase);
  return values;
}

describe('the shared arena', () => {
  it('stays flat over many in-place steps on two threads', () => {
    const [p, g] = [arenaValues(1 << 17, 0), arenaValues(1 << 17, 1)];
    const wasm = createCpuFusedElementwise('generated', true);
    const tree: E = {
      op: 'sub',
      a: { op: 'input', index: 0 },
      b: { op: 'mul', a: { op: 'input', index: 1 }, b: { op: 'constant', value: 1e-3 } },
    };
    setActiveThreads(2);
    const shape = [1 << 17];
    const step = () => {
      // One pass in place, one into a new output that is then freed: the training loop's mix.
      wasm([info(p), info(g)], [tree], [{ shape, dtype: 'float32', into: { values: p } }]);
      const [fresh] = wasm([info(p), info(g)], [tree], [{ shape, dtype: 'float32' }]);
      arenaFree((fresh as { values: Float32Array }).values);
    };
    step();
    const usage = arenaUsage();
    for (let i = 0; i < 200; i++) step();
    expect(arenaUsage()).toEqual(usage);
    arenaFree(p);
    arenaFree(g);
  });

  it('reuses freed regions, so the same allocations over and over keep it flat', () => {
    const before = arenaUsage().liveBytes;
    const sizes = [1 << 15, 3 * (1 << 14) + 5, 1 << 16];
    let arenaBytes = 0;
    for (let round = 0; round < 50; round++) {
      const arrays = sizes.map((n) => arenaAllocate(n)!);
      arrays[1]![7] = round;
      // Free out of order: neighbours merge whatever the order.
      for (const k of [1, 0, 2]) expect(arenaFree(arrays[k]!)).toBe(true);
      if (round === 0) arenaBytes = arenaUsage().arenaBytes;
    }
    expect(arenaUsage().liveBytes).toBe(before);
    expect(arenaUsage().arenaBytes).toBe(arenaBytes);
  });

  it('hands out disjoint, cache-line aligned regions and refuses to free foreign arrays', () => {
    const arrays = [100, 5000, 17].map((n) => arenaAllocate(n)!);
    const spans = arrays.map((a) => [arenaAddress(a)!, arenaAddress(a)! + a.byteLength] as const);
    for (const [start] of spans) expect(start % 64).toBe(0);
    for (const [i, [s0, e0]] of spans.entries()) {
      for (const [j, [s1, e1]] of spans.entries()) {
        if (i !== j) expect(e0 <= s1 || e1 <= s0).toBe(true);
      }
    }
    expect(arenaFree(new Float32Array(4))).toBe(false);
    for (const a of arrays) expect(arenaFree(a)).toBe(true);
    expect(arenaFree(arrays[0]!)).toBe(false);
  });
});
