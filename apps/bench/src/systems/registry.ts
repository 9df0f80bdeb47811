import type { System } from './system.js';

/** Every system in table order; gradkit-cpu is the one ratios are taken against. */
export const SYSTEM_NAMES = [
  'gradkit-cpu',
  'gradkit-gpujs-cpu',
  'gradkit-gpujs-webasm',
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
    case 'gradkit-gpujs-cpu':
    case 'gradkit-gpujs-webasm': {
      const { createGpujsBackend } = await import('@gradkit/backend-gpujs');
      const { setBackend } = await import('@gradkit/tensor');
      setBackend(
        await createGpujsBackend({ mode: name === 'gradkit-gpujs-cpu' ? 'cpu' : 'webasm' }),
      );
      return (await import('./gradkit.js')).gradkit(name);
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
