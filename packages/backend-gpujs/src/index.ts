export {
  createGpujsBackend,
  type GpujsBackend,
  type GpujsBackendOptions,
  type GpujsCapabilities,
} from './create-gpujs-backend.js';
export {
  AUTO_ORDER,
  GPUJS_MODES,
  type GpujsMode,
  type GpujsModeRequest,
  isGpujsModeRequest,
} from './gpujs-mode.js';
export type { FallbackPolicy, KernelFallback } from './kernel-runner.js';
export type { SkippedMode } from './select-mode.js';
