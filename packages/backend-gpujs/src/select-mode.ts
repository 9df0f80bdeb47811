import { BackendError } from '@gradkit/tensor';
import { AUTO_ORDER, type GpujsMode, type GpujsModeRequest } from './gpujs-mode.js';
import type { GpujsInstance, KernelValue } from './gpujs-types.js';
import { KERNEL_CLASS } from './kernel-runner.js';
import { loadGpujs, prepareMode } from './load-gpujs.js';

/** Why a mode was not used. */
export interface SkippedMode {
  readonly mode: GpujsMode;
  readonly reason: string;
}

export interface SelectedMode {
  readonly mode: GpujsMode;
  readonly gpu: GpujsInstance;
  readonly skipped: readonly SkippedMode[];
}

const PROBE = 'function(x0) { return x0[this.thread.x] * 2.0 + 1.0; }';

/**
 * Opens `mode` and runs a probe kernel on it, asserting gpu.js's kernel class: gpu.js
 * otherwise falls back to its CPU kernel without saying so. Returns why it failed, if so.
 */
async function open(mode: GpujsMode): Promise<GpujsInstance | string> {
  let gpu: GpujsInstance | undefined;
  try {
    await prepareMode(mode);
    const { GPU } = await loadGpujs();
    gpu = new GPU({ mode });
    const kernel = gpu.createKernel(PROBE, {
      output: [4],
      pipeline: true,
      immutable: true,
      precision: 'single',
      tactic: 'precision',
    });
    const result = (await kernel(new Float32Array([0, 1, 2, 3]))) as KernelValue;
    const values = result instanceof Float32Array ? result : await result.toArray();
    const actual = kernel.kernel.constructor.name;
    if (!(result instanceof Float32Array)) result.delete();
    kernel.destroy();
    if (actual !== KERNEL_CLASS[mode]) {
      throw new Error(
        `gpu.js fell back to ${actual} (${kernel.kernel.fallbackReason ?? 'no reason given'})`,
      );
    }
    if (Array.from(values.subarray(0, 4)).join() !== '1,3,5,7') {
      throw new Error(`the probe kernel computed ${Array.from(values).join(', ')}`);
    }
    return gpu;
  } catch (error) {
    await gpu?.destroy();
    const reason = (error as Error).message;
    // gpu.js only says the mode is unsupported; in Node the usual cause is a missing gl.
    return mode === 'headlessgl' && /not supported/.test(reason)
      ? `${reason} (headlessgl needs the optional 'gl' package: npm install gl@9.0.0-rc.10, its addon compiled, and an X display such as Xvfb)`
      : reason;
  }
}

/** Opens the requested mode, or for `auto` the first of AUTO_ORDER that works. */
export async function selectMode(request: GpujsModeRequest): Promise<SelectedMode> {
  const candidates = request === 'auto' ? AUTO_ORDER : [request];
  const skipped: SkippedMode[] = [];
  for (const mode of candidates) {
    const opened = await open(mode);
    if (typeof opened !== 'string') return { mode, gpu: opened, skipped };
    skipped.push({ mode, reason: opened });
  }
  const reasons = skipped.map((s) => `${s.mode}: ${s.reason}`).join('; ');
  throw new BackendError('createGpujsBackend', 'mode', `no gpu.js mode works here (${reasons})`);
}
