import { BackendError } from '@gradkit/tensor';
import type { GpujsMode } from './gpujs-mode.js';
import type { GpujsModule } from './gpujs-types.js';

let gpujs: Promise<GpujsModule> | undefined;

/**
 * Loads gpu.js on first use, never at import: gpu.js probes the native `gl` module when it
 * loads, and users of other backends should not pay for that.
 */
export function loadGpujs(): Promise<GpujsModule> {
  gpujs ??= import('gpu.js').then((module) => {
    const namespace = module as unknown as GpujsModule & { default?: GpujsModule };
    return namespace.GPU === undefined ? namespace.default! : namespace;
  });
  return gpujs;
}

interface NavigatorHolder {
  navigator?: { gpu?: unknown };
}

/**
 * WebGPU in Node needs `navigator.gpu`, which the `webgpu` npm package (Dawn) provides.
 * Browsers have it already. Loaded only for webgpu mode.
 */
async function provideWebgpu(): Promise<void> {
  const holder = globalThis as NavigatorHolder;
  if (holder.navigator?.gpu !== undefined) return;
  const specifier = 'webgpu';
  let dawn: { create(options: string[]): unknown; globals: object };
  try {
    dawn = (await import(/* @vite-ignore */ specifier)) as typeof dawn;
  } catch (error) {
    throw new BackendError(
      'createGpujsBackend',
      'mode',
      `webgpu mode needs navigator.gpu, which Node gets from the optional 'webgpu' package: npm install webgpu@0.6.2 (it also needs a Vulkan driver) (${(error as Error).message})`,
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  if (holder.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  } else {
    Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
  }
}

/** Loads what `mode` needs beyond gpu.js itself. */
export async function prepareMode(mode: GpujsMode): Promise<void> {
  if (mode === 'webgpu') await provideWebgpu();
}
