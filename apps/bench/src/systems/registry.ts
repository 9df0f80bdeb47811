import type { System } from './system.js';

/** Every system in table order; gradkit-cpu is the one ratios are taken against. */
export const SYSTEM_NAMES = [
  'gradkit-cpu',
  'gradkit-cpu-1-thread',
  'gradkit-cpu-jit',
  'gradkit-gpujs-cpu',
  'gradkit-gpujs-webasm',
  'gradkit-gpujs-cpu-jit',
  'gradkit-gpujs-webasm-jit',
  'plain-js',
  'tfjs-cpu',
  'tfjs-wasm',
  'jax-js-eager',
  'jax-js-jit',
] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];
export const BASELINE: SystemName = 'gradkit-cpu';

/** Opens one system; imports happen here so each child process loads only its own library. */
export async function openSystem(name: SystemName): Promise<System> {
  switch (name) {
    case 'gradkit-cpu':
      return (await import('./gradkit.js')).gradkit(name);
    case 'gradkit-cpu-1-thread': {
      const { createCpuBackend, setBackend } = await import('@gradkit/tensor');
      setBackend(createCpuBackend({ threads: 1 }));
      return (await import('./gradkit.js')).gradkit(name);
    }
    case 'gradkit-cpu-jit':
      return (await import('./gradkit-jit.js')).gradkitJit(name);
    case 'gradkit-gpujs-cpu':
    case 'gradkit-gpujs-webasm':
    case 'gradkit-gpujs-cpu-jit':
    case 'gradkit-gpujs-webasm-jit': {
      const { createGpujsBackend } = await import('@gradkit/backend-gpujs');
      const { setBackend } = await import('@gradkit/tensor');
      setBackend(await createGpujsBackend({ mode: name.includes('webasm') ? 'webasm' : 'cpu' }));
      return name.endsWith('-jit')
        ? (await import('./gradkit-jit.js')).gradkitJit(name)
        : (await import('./gradkit.js')).gradkit(name);
    }
    case 'plain-js':
      return (await import('./plain-js.js')).plainJs();
    case 'tfjs-cpu':
    case 'tfjs-wasm':
      return (await import('./tfjs.js')).tfjs(name === 'tfjs-cpu' ? 'cpu' : 'wasm');
    case 'jax-js-eager':
    case 'jax-js-jit':
      return (await import('./jax-js.js')).jaxJs(name === 'jax-js-eager' ? 'eager' : 'jit');
  }
}

/**
 * The threads each system computes on, where known: gradkit-cpu uses every available core by
 * default; gpu.js's cpu/webasm modes, plain JS, tfjs's cpu backend and tfjs-wasm in Node (no
 * SharedArrayBuffer build loaded) run on one; jax-js's wasm device is not documented here.
 */
export function systemThreads(name: string, defaultCpuThreads: number): number | null {
  switch (name) {
    case 'gradkit-cpu':
    case 'gradkit-cpu-jit':
      return defaultCpuThreads;
    case 'gradkit-cpu-1-thread':
    case 'gradkit-gpujs-cpu':
    case 'gradkit-gpujs-webasm':
    case 'gradkit-gpujs-cpu-jit':
    case 'gradkit-gpujs-webasm-jit':
    case 'plain-js':
    case 'tfjs-cpu':
    case 'tfjs-wasm':
      return 1;
    default:
      return null;
  }
}
