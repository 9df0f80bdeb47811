// Vitest setup: every test file, including the @gradkit/tensor and @gradkit/autograd suites,
// runs on the gpu.js backend in the mode GRADKIT_GPUJS_MODE names (cpu by default).
import { setBackend } from '@gradkit/tensor';
import { createGpujsBackend } from '../create-gpujs-backend.js';
import { isGpujsModeRequest } from '../gpujs-mode.js';

const mode = process.env.GRADKIT_GPUJS_MODE ?? 'cpu';
if (!isGpujsModeRequest(mode)) throw new Error(`GRADKIT_GPUJS_MODE is not a gpu.js mode: ${mode}`);
setBackend(await createGpujsBackend({ mode }));
