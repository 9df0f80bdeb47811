import { add, BackendError, exp, memory, sum, tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { createGpujsBackend } from './create-gpujs-backend.js';
import { currentBackend } from './testing/current-backend.js';

describe('createGpujsBackend', () => {
  it('reports the mode it runs and why auto skipped others', async () => {
    const backend = currentBackend();
    expect(backend.name).toBe('gpujs');
    expect(['cpu', 'webasm', 'headlessgl', 'webgl2', 'webgl', 'webgpu']).toContain(backend.mode);
    const auto = await createGpujsBackend({ mode: 'auto' });
    // Without X and a built `gl`, Node has no GL context: auto skips to webasm.
    expect(auto.skippedModes.map((s) => s.mode)).toEqual(
      ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'].slice(0, auto.skippedModes.length),
    );
    for (const skipped of auto.skippedModes) expect(skipped.reason.length).toBeGreaterThan(0);
    await auto.dispose();
  });

  it('rejects an unknown mode, and a mode that cannot run, with the reason', async () => {
    await expect(createGpujsBackend({ mode: 'vulkan' as never })).rejects.toThrow(BackendError);
    await expect(createGpujsBackend({ mode: 'webgl2' })).rejects.toThrow(/webgl2/);
  });

  it('compiles a kernel once per signature', () => {
    const backend = currentBackend();
    const x = tensor([1, 2, 3, 4, 5, 6, 7], [7]);
    exp(add(x, 0.25)).dispose();
    const compiled = backend.compiledKernels();
    for (let i = 0; i < 5; i++) exp(add(x, i)).dispose();
    expect(backend.compiledKernels()).toBe(compiled);
    x.dispose();
  });

  it('frees every buffer when tensors are disposed', () => {
    const backend = currentBackend();
    const before = backend.memory();
    const x = tensor([1, 2, 3], [3]);
    const e = exp(x);
    const y = sum(e);
    expect(backend.memory().buffers).toBe(before.buffers + 3);
    for (const t of [x, e, y]) t.dispose();
    expect(backend.memory()).toEqual(before);
    expect(memory().backends.gpujs?.tensors).toBeGreaterThanOrEqual(0);
  });

  it('stores int32 and bool as floats and reads them back in their own types', () => {
    const i = tensor([-7, 0, 16777216], [3], 'int32');
    const b = tensor([true, false, true], [3], 'bool');
    expect(i.dataSync()).toEqual(new Int32Array([-7, 0, 16777216]));
    expect(b.dataSync()).toEqual(new Uint8Array([1, 0, 1]));
    i.dispose();
    b.dispose();
  });
});
