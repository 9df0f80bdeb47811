import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { createCpuBackend } from '../cpu/cpu-backend.js';
import { tensor } from '../creation.js';
import { withBackend } from '../engine.js';
import { BackendError, ValueError } from '../errors.js';
import { oneHot } from './one-hot.js';

/** The CPU backend dressed as one that reads back asynchronously only (as WebGPU does). */
function asynchronousOnly(): Backend {
  const cpu = createCpuBackend();
  return {
    ...cpu,
    readsSynchronously: false,
    readSync: () => {
      throw new BackendError('dataSync', undefined, 'reads back asynchronously only');
    },
  };
}

describe('oneHot', () => {
  it('rejects an out-of-range index where values can be read synchronously', () => {
    expect(() => oneHot(tensor([0, 3], undefined, 'int32'), 3)).toThrow(ValueError);
    expect(() => oneHot(tensor([-1], undefined, 'int32'), 3)).toThrow(/holds -1, out of range/);
  });

  it('encodes without a host read on a backend that reads asynchronously only', async () => {
    await withBackend(asynchronousOnly(), async () => {
      const encoded = oneHot(tensor([2, 0, 1], undefined, 'int32'), 3, { onValue: 5 });
      expect(Array.from(await encoded.data())).toEqual([0, 0, 5, 5, 0, 0, 0, 5, 0]);
      // No check there: an index outside [0, depth) gives a row of offValue.
      const outside = oneHot(tensor([3, -1], undefined, 'int32'), 3, { offValue: -1 });
      expect(Array.from(await outside.data())).toEqual([-1, -1, -1, -1, -1, -1]);
    });
  });
});
