import { BackendError } from '@gradkit/tensor';
import { noteReader } from './device-buffer.js';
import type { GpujsMode } from './gpujs-mode.js';
import type { GpujsInstance, GpujsKernel, KernelValue } from './gpujs-types.js';

/** The gpu.js kernel class each mode must run on; anything else is a silent fallback. */
export const KERNEL_CLASS: { readonly [M in GpujsMode]: string } = {
  cpu: 'CPUKernel',
  webasm: 'WebAssemblyKernel',
  headlessgl: 'HeadlessGLKernel',
  webgl2: 'WebGL2Kernel',
  webgl: 'WebGLKernel',
  webgpu: 'WebGPUKernel',
};

/** A kernel that gpu.js moved to another backend than the one asked for. */
export interface KernelFallback {
  readonly expected: string;
  readonly actual: string;
  readonly reason: string;
  readonly source: string;
}

export type FallbackPolicy = 'throw' | 'warn';

export type KernelArgument = KernelValue | Promise<KernelValue>;

const PLACEHOLDER = new Float32Array(1);

interface CompiledKernel {
  readonly kernel: GpujsKernel;
  checked: boolean;
}

/**
 * Compiles each kernel source once per output and input sizes and keeps the most recently
 * used ones (gpu.js bakes sizes into a kernel). Checks after each kernel's first run that
 * it runs on the mode's kernel class, since gpu.js falls back to its CPU kernel silently.
 */
export class KernelRunner {
  private readonly cache = new Map<string, CompiledKernel>();
  readonly fallbacks: KernelFallback[] = [];

  constructor(
    private readonly gpu: GpujsInstance,
    private readonly mode: GpujsMode,
    private readonly maxKernels: number,
    private readonly onFallback: FallbackPolicy,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  run(
    source: string,
    args: readonly KernelArgument[],
    outputSize: number,
    sizes: readonly number[],
  ): KernelArgument {
    const compiled = this.compiled(source, outputSize, sizes);
    const result = args.some((a) => a instanceof Promise)
      ? Promise.all(args).then((values) => this.call(compiled, source, values))
      : this.call(compiled, source, args as readonly KernelValue[]);
    // An asynchronous kernel (webgpu) reads its inputs when it runs, later: freeing them
    // waits for it (device-buffer.ts).
    if (result instanceof Promise) for (const arg of args) noteReader(arg, result);
    return result;
  }

  // gpu.js rejects empty arrays; kernels never read an empty input (their loops run 0 times).
  private static nonEmpty(value: KernelValue): KernelValue {
    return value instanceof Float32Array && value.length === 0 ? PLACEHOLDER : value;
  }

  private compiled(source: string, outputSize: number, sizes: readonly number[]): CompiledKernel {
    const key = `${outputSize}|${sizes.join(',')}|${source}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      // Re-inserting keeps the map in least-recently-used order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const kernel = this.gpu.createKernel(source, {
      output: [outputSize],
      pipeline: true,
      // Without it gpu.js reuses one output array or texture across calls.
      immutable: true,
      precision: 'single',
      tactic: 'precision',
    });
    const entry = { kernel, checked: false };
    this.cache.set(key, entry);
    if (this.cache.size > this.maxKernels) {
      const [oldestKey, oldest] = this.cache.entries().next().value as [string, CompiledKernel];
      this.cache.delete(oldestKey);
      oldest.kernel.destroy();
    }
    return entry;
  }

  private call(
    compiled: CompiledKernel,
    source: string,
    args: readonly KernelValue[],
  ): KernelArgument {
    let result: KernelArgument;
    try {
      result = compiled.kernel(...args.map(KernelRunner.nonEmpty)) as KernelArgument;
    } catch (error) {
      throw new BackendError(
        'gpujs',
        undefined,
        `kernel failed on ${this.mode}: ${(error as Error).message}\n${source}`,
      );
    }
    if (!compiled.checked) {
      compiled.checked = true;
      this.checkFallback(compiled.kernel, source);
    }
    return result;
  }

  private checkFallback(kernel: GpujsKernel, source: string): void {
    const expected = KERNEL_CLASS[this.mode];
    const actual = kernel.kernel.constructor.name;
    if (actual === expected) return;
    const fallback = {
      expected,
      actual,
      reason: kernel.kernel.fallbackReason ?? 'not given',
      source,
    };
    this.fallbacks.push(fallback);
    const message = `gpu.js ran a kernel on ${actual} instead of ${expected} (reason: ${fallback.reason})`;
    if (this.onFallback === 'throw') throw new BackendError('gpujs', undefined, message);
    console.warn(`@gradkit/backend-gpujs: ${message}`);
  }

  destroy(): void {
    for (const { kernel } of this.cache.values()) kernel.destroy();
    this.cache.clear();
  }
}
