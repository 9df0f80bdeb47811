import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolve workspace packages to their TypeScript sources (Vitest runs in the SSR environment).
  resolve: { conditions: ['@gradkit/source'] },
  ssr: { resolve: { conditions: ['@gradkit/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // Suites run in parallel on small CI machines; training tests legitimately take seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['src/testing/setup-backend.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
