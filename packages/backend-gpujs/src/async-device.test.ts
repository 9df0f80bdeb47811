import { add, BackendError, exp, matmul, sum, tensor, withBackend } from '@gradkit/tensor';
import { closeMismatch } from '@gradkit/tensor/testing';
import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { gpujsBackendOn } from './create-gpujs-backend.js';
import type { GpujsInstance } from './gpujs-types.js';
import { asyncDevice } from './testing/async-device.js';

// webgpu's contract without a Vulkan adapter: dispatch returns at once, reads are async only.
function simulatedWebgpu(deleted: { count: number }) {
  const gpu = new GPU({ mode: 'cpu' }) as unknown as GpujsInstance;
  return gpujsBackendOn({ mode: 'webgpu', gpu: asyncDevice(gpu, deleted), skipped: [] });
}

describe('a mode that reads back asynchronously only (webgpu)', () => {
  it('chains kernels without blocking and reads with await data()', async () => {
    const backend = simulatedWebgpu({ count: 0 });
    await withBackend(backend, async () => {
      const a = tensor([1, 2, 3, 4], [2, 2]);
      const y = sum(exp(matmul(a, add(a, 1))), 1);
      // a (a + 1) = [[10, 13], [22, 29]]
      const expected = [Math.exp(10) + Math.exp(13), Math.exp(22) + Math.exp(29)];
      expect(closeMismatch(await y.data(), expected, { rtol: 1e-6, atol: 0 })).toBeUndefined();
    });
  });

  it('makes dataSync() throw a BackendError that says to await data()', () => {
    const backend = simulatedWebgpu({ count: 0 });
    withBackend(backend, () => {
      const x = tensor([1, 2], [2]);
      expect(() => x.dataSync()).toThrow(BackendError);
      expect(() => x.dataSync()).toThrow(/use await tensor\.data\(\)/);
    });
  });

  it('deletes device buffers once their kernels settle', async () => {
    const deleted = { count: 0 };
    const backend = simulatedWebgpu(deleted);
    await withBackend(backend, async () => {
      const x = tensor([1, 2, 3], [3]);
      const y = exp(x);
      x.dispose();
      y.dispose();
      expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(deleted.count).toBe(2);
    });
  });
});
