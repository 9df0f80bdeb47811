import { defineConfig } from 'vitest/config';
import { knownGapsFor } from './src/testing/known-gaps.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// This package's own tests, among them @gradkit/tensor's conformance suite
// (src/conformance.test.ts). Every test runs except the known gaps of its mode, left out by
// exact full name (see known-gaps.json). GRADKIT_GPUJS_STRICT=1 runs them too, to see them fail.
function testNamePattern(mode: string): RegExp | undefined {
  if (process.env.GRADKIT_GPUJS_STRICT === '1') return undefined;
  const gaps = knownGapsFor(mode);
  return new RegExp(`^(?!(?:${gaps.map(escape).join('|')})$)`);
}

// One project per mode that needs nothing beyond npm: they run in every CI. The GL and
// WebGPU modes have their own scripts (scripts/), which check their prerequisites first.
const modes = (process.env.GRADKIT_GPUJS_MODE ?? 'cpu,webasm').split(',');

// webgpu reads back asynchronously only, and the other tests read with dataSync: there the
// project runs the conformance suite alone, whose reads await data() (deferred-reads.ts).
const ASYNC_READ_MODES = new Set(['webgpu']);
const CONFORMANCE_SUITE = 'src/conformance.test.ts';

export default defineConfig({
  // Resolve workspace packages to their TypeScript sources (Vitest runs in the SSR environment),
  // so that the suites and this backend share one instance of the tensor engine.
  resolve: { conditions: ['@gradkit/source'] },
  ssr: { resolve: { conditions: ['@gradkit/source'] } },
  test: {
    // Each kernel signature compiles on first use, and CI runs the two modes side by side on
    // two cores: the larger seeded cases take seconds under that load.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    projects: modes.map((mode) =>
      ASYNC_READ_MODES.has(mode)
        ? {
            extends: true,
            test: {
              name: mode,
              include: [CONFORMANCE_SUITE],
              // The reads of a test settle in its afterEach hook: the test's time budget.
              hookTimeout: 120_000,
              setupFiles: ['src/testing/setup-backend.ts', 'src/testing/deferred-reads-setup.ts'],
              env: { GRADKIT_GPUJS_MODE: mode },
              testNamePattern: testNamePattern(mode),
            },
          }
        : {
            extends: true,
            test: {
              name: mode,
              include: ['src/**/*.test.ts'],
              setupFiles: ['src/testing/setup-backend.ts'],
              env: { GRADKIT_GPUJS_MODE: mode },
              testNamePattern: testNamePattern(mode),
            },
          },
    ),
  },
});
