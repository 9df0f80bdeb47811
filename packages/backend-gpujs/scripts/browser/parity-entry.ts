// The page script of the browser parity run: opens the backend, registers @gradkit/tensor's
// conformance suite (every case of fixtures/ops.json, the capabilities and donation) with the
// page's small runner, runs every test except this mode's known gaps, and leaves the outcome
// on window.
import { setBackend } from '@gradkit/tensor';
import { runBackendConformance } from '@gradkit/tensor/testing';
import { createGpujsBackend, type GpujsModeRequest } from '../../src/index.js';
import { knownGapsFor } from '../../src/testing/known-gaps.js';
import { describe, it, registered } from './vitest-shim.js';

export interface ParityOutcome {
  readonly mode: string;
  readonly passed: number;
  readonly skipped: number;
  readonly failures: readonly { readonly name: string; readonly message: string }[];
  readonly milliseconds: number;
}

const holder = globalThis as { parityMode?: GpujsModeRequest; parity?: unknown };

async function run(): Promise<ParityOutcome> {
  const backend = await createGpujsBackend({ mode: holder.parityMode ?? 'webgl2' });
  setBackend(backend);
  // The suite picks its cases by the dtypes the backend stores.
  runBackendConformance({ describe, it }, { backend });
  const gaps = new Set(knownGapsFor(backend.mode));
  const started = performance.now();
  const failures: { name: string; message: string }[] = [];
  let passed = 0;
  let skipped = 0;
  for (const [k, test] of registered.entries()) {
    if (gaps.has(test.name)) {
      skipped++;
      continue;
    }
    try {
      await test.fn();
      passed++;
    } catch (error) {
      failures.push({ name: test.name, message: String((error as Error).message ?? error) });
    }
    // Let the page breathe (Playwright polls it) every few dozen cases.
    if (k % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return {
    mode: backend.mode,
    passed,
    skipped,
    failures,
    milliseconds: performance.now() - started,
  };
}

run()
  .then((outcome) => {
    holder.parity = outcome;
  })
  .catch((error: Error) => {
    holder.parity = { error: String(error.stack ?? error) };
  });
