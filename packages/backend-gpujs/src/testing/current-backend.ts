import { getBackend } from '@gradkit/tensor';
import type { GpujsBackend } from '../create-gpujs-backend.js';

/** The gpu.js backend the setup file chose. */
export function currentBackend(): GpujsBackend {
  return getBackend() as GpujsBackend;
}
