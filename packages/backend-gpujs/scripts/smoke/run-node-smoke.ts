// Runs the smoke cases on one mode in Node: `tsx --conditions=@gradkit/source run-node-smoke.ts MODE`.
import { createGpujsBackend, isGpujsModeRequest } from '../../src/index.js';
import { report, runSmoke } from './smoke-cases.js';

const mode = process.argv[2] ?? 'auto';
if (!isGpujsModeRequest(mode)) throw new Error(`not a gpu.js mode: ${mode}`);
let backend: Awaited<ReturnType<typeof createGpujsBackend>>;
try {
  backend = await createGpujsBackend({ mode });
} catch (error) {
  console.log(`skipped: ${mode} does not open here (${(error as Error).message})`);
  // CI (scripts/ci-device-modes.sh) requires the mode: there a skip is a failure.
  process.exit(process.env.GRADKIT_REQUIRE_DEVICE_MODES === '1' ? 1 : 0);
}
const failed = report(backend.mode, await runSmoke(backend));
await backend.dispose();
process.exit(failed > 0 ? 1 : 0);
