import { createCpuBackend, setBackend } from '@gradkit/tensor';
import type { BackendChoice } from './cli/options.js';

/** Selects the backend; gpu.js is imported only when asked for. Returns its name. */
export async function useBackend(choice: BackendChoice): Promise<string> {
  if (choice.kind === 'cpu') {
    setBackend(createCpuBackend());
    return 'cpu';
  }
  const { createGpujsBackend } = await import('@gradkit/backend-gpujs');
  const backend = await createGpujsBackend({ mode: choice.mode });
  setBackend(backend);
  return `gpujs:${backend.mode}`;
}
