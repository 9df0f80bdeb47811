import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolve workspace packages to their TypeScript sources (Vitest runs in the SSR environment).
  resolve: { conditions: ['@gradkit/source'] },
  ssr: { resolve: { conditions: ['@gradkit/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'vite/**/*.test.ts'],
    // No test may fail because the machine is slow: CI runs suites side by side on two cores,
    // where the training tests take several times their time alone.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
