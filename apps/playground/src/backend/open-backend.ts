import { type Backend, createCpuBackend, setBackend } from '@gradkit/tensor';

/** The backends the page offers: gpu.js's device modes, its CPU mode, and gradkit's CPU backend. */
export const BACKEND_CHOICES = ['webgl2', 'webgpu', 'gpujs-cpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface OpenedBackend {
  readonly backend: Backend;
  /** What runs, e.g. `gpujs` / `webgl2`; read from the backend, never assumed. */
  readonly name: string;
  readonly mode: string;
  dispose(): Promise<void>;
}

export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(value);
}

/** Whether this browser offers WebGPU at all (gpu.js's webgpu mode still probes it). */
export function webgpuOffered(): boolean {
  return typeof navigator !== 'undefined' && 'gpu' in navigator;
}

/**
 * Opens and selects a backend. gpu.js modes are opened by name, so a mode that cannot run
 * throws (gpu.js would otherwise fall back to its CPU kernels silently) and a kernel that
 * gpu.js moves to another backend later throws too (`onFallback: 'throw'`, the default).
 */
export async function openBackend(choice: BackendChoice): Promise<OpenedBackend> {
  if (choice === 'cpu') {
    const backend = createCpuBackend();
    setBackend(backend);
    return { backend, name: backend.name, mode: 'cpu', dispose: async () => {} };
  }
  const { createGpujsBackend } = await import('@gradkit/backend-gpujs');
  const backend = await createGpujsBackend({
    mode: choice === 'gpujs-cpu' ? 'cpu' : choice,
    onFallback: 'throw',
  });
  setBackend(backend);
  return { backend, name: backend.name, mode: backend.mode, dispose: () => backend.dispose() };
}
