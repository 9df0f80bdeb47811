// The page script of the webgl2 check: opens the backend in the browser, runs the smoke
// cases, and leaves the results on window for Playwright to collect.
import { createGpujsBackend, type GpujsModeRequest } from '../../src/index.js';
import { runSmoke } from './smoke-cases.js';

const holder = globalThis as { smokeMode?: GpujsModeRequest; smoke?: unknown };
createGpujsBackend({ mode: holder.smokeMode ?? 'webgl2' })
  .then(async (backend) => {
    holder.smoke = { mode: backend.mode, results: await runSmoke(backend) };
  })
  .catch((error: Error) => {
    holder.smoke = { error: String(error.stack ?? error) };
  });
