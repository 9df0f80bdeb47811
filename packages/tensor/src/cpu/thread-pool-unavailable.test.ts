// A runtime with shared memory but no worker threads (as seen by the pool): a backend asked
// for several threads runs every part on the calling thread, with the results of one thread,
// and says why exactly once.
import { afterAll, describe, expect, it, vi } from 'vitest';

// Hides worker_threads from the pool before it loads (it looks them up through
// process.getBuiltinModule); this runtime has no Web Workers either.
const restore = vi.hoisted(() => {
  const original = process.getBuiltinModule;
  process.getBuiltinModule = ((id: string) =>
    id === 'node:worker_threads' ? undefined : original(id)) as typeof original;
  return () => {
    process.getBuiltinModule = original;
  };
});
afterAll(() => restore());

import { tensor } from '../creation.js';
import { withBackend } from '../engine.js';
import { conv2d } from '../ops/conv2d.js';
import { matmul } from '../ops/matmul.js';
import { maxPool2d } from '../ops/pool2d.js';
import { createCpuBackend } from './cpu-backend.js';
import { cpuThreadStats } from './thread-pool.js';

const values = (length: number, seed: number) =>
  Float32Array.from({ length }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) * 1.5);

/** Ops sized above the split thresholds, as flat arrays. */
function workload(threads: number): Float32Array[] {
  return withBackend(createCpuBackend({ threads }), () => {
    const x = tensor(values(8 * 8 * 18 * 18, 1), [8, 8, 18, 18]);
    const w = tensor(values(16 * 8 * 3 * 3, 2), [16, 8, 3, 3]);
    const big = tensor(values(8 * 8 * 64 * 64, 3), [8, 8, 64, 64]);
    return [
      matmul(tensor(values(96 * 80, 4), [96, 80]), tensor(values(80 * 72, 5), [80, 72])),
      conv2d(x, w, { stride: 1, padding: 1 }),
      maxPool2d(big, { kernelSize: 2, stride: 2 }),
    ].map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

describe('CPU backend where worker threads are unavailable', () => {
  it('runs split ops on the calling thread with one thread’s results, logging why once', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      const one = workload(1);
      expect(info).not.toHaveBeenCalled();
      expect(workload(2)).toEqual(one);
      expect(workload(4)).toEqual(one);
      expect(info).toHaveBeenCalledTimes(1);
      expect(info.mock.calls[0]![0]).toBe(
        '@gradkit/tensor: the CPU backend runs on one thread: this runtime has no worker threads.',
      );
      expect(cpuThreadStats()).toEqual({
        readyWorkers: 0,
        partsOnWorkers: 0,
        singleThreadReason: 'this runtime has no worker threads',
      });
    } finally {
      info.mockRestore();
    }
  });
});
