import { BackendError } from '@gradkit/tensor';
import { GPU } from 'gpu.js';
import { describe, expect, it, vi } from 'vitest';
import type { GpujsInstance } from './gpujs-types.js';
import { KernelRunner } from './kernel-runner.js';

const SOURCE = 'function(x0) { return x0[this.thread.x] + 1.0; }';
const cpu = () => new GPU({ mode: 'cpu' }) as unknown as GpujsInstance;

describe('KernelRunner', () => {
  it('detects a kernel that gpu.js silently ran on another backend', () => {
    // A webasm runner handed gpu.js's CPU kernels sees exactly what a silent fallback looks like.
    const runner = new KernelRunner(cpu(), 'webasm', 8, 'throw');
    expect(() => runner.run(SOURCE, [new Float32Array(2)], 2, [2])).toThrow(BackendError);
    expect(runner.fallbacks[0]).toMatchObject({
      expected: 'WebAssemblyKernel',
      actual: 'CPUKernel',
    });
  });

  it('only warns about it when asked to', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const runner = new KernelRunner(cpu(), 'webasm', 8, 'warn');
    expect(runner.run(SOURCE, [new Float32Array(2)], 2, [2])).toEqual(new Float32Array([1, 1]));
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('keeps the most recently used kernels and destroys the rest', () => {
    const runner = new KernelRunner(cpu(), 'cpu', 2, 'throw');
    for (const size of [1, 2, 3, 1]) runner.run(SOURCE, [new Float32Array(size)], size, [size]);
    expect(runner.size).toBe(2);
  });
});
