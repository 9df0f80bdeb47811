/**
 * The slice of gpu.js this backend uses, typed structurally. gpu.js's own typings need the
 * DOM lib and type kernel calls as synchronous, which webgpu mode is not.
 */

/** A kernel result kept on the device: a GL texture or a WebGPU buffer. */
export interface DeviceResult {
  toArray(): Float32Array | Promise<Float32Array>;
  delete(): void;
}

/** What a pipeline kernel returns: a host array (cpu, webasm) or a device result. */
export type KernelValue = Float32Array | DeviceResult;

export interface GpujsKernelInternals {
  readonly constructor: { readonly name: string; readonly mode?: string };
  readonly fallbackReason?: string | null;
}

export interface GpujsKernel {
  (...args: unknown[]): KernelValue | Promise<KernelValue>;
  /** The backend kernel gpu.js built; replaced by a CPU kernel on a silent fallback. */
  readonly kernel: GpujsKernelInternals;
  destroy(removeCanvasReferences?: boolean): void;
}

export interface GpujsKernelSettings {
  readonly output: readonly number[];
  readonly pipeline: boolean;
  readonly immutable: boolean;
  readonly precision: 'single';
  readonly tactic: 'precision';
}

export interface GpujsInstance {
  createKernel(source: string, settings: GpujsKernelSettings): GpujsKernel;
  destroy(): void | Promise<void>;
}

export interface GpujsModule {
  GPU: new (settings: { mode: string }) => GpujsInstance;
}
