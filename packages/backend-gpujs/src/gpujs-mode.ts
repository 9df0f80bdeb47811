/** The gpu.js modes a backend can run on, and `auto`, which picks the best that works. */
export const GPUJS_MODES = ['webgpu', 'webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu'] as const;

export type GpujsMode = (typeof GPUJS_MODES)[number];

export type GpujsModeRequest = GpujsMode | 'auto';

/**
 * The order `auto` tries. WebGPU is left out: it can only read back asynchronously, so
 * `dataSync()` would throw for code that worked on every other mode (opt in explicitly).
 */
export const AUTO_ORDER: readonly GpujsMode[] = ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];

/** Modes whose kernel results are host typed arrays rather than device textures or buffers. */
export function keepsResultsOnHost(mode: GpujsMode): boolean {
  return mode === 'cpu' || mode === 'webasm';
}

/** Modes that can only read results back asynchronously. */
export function readsOnlyAsync(mode: GpujsMode): boolean {
  return mode === 'webgpu';
}

/**
 * Whether `value` names a gpu.js mode `createGpujsBackend` accepts (`'auto'` or one of the
 * modes), e.g. to check a command-line flag.
 *
 * @example
 * ```ts
 * import { isGpujsModeRequest } from '@gradkit/backend-gpujs';
 *
 * const mode = process.env.GPUJS_MODE ?? 'auto';
 * if (!isGpujsModeRequest(mode)) throw new Error(`unknown gpu.js mode ${mode}`);
 * ```
 */
export function isGpujsModeRequest(value: unknown): value is GpujsModeRequest {
  return value === 'auto' || (GPUJS_MODES as readonly unknown[]).includes(value);
}
