import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolve workspace packages to their TypeScript sources (Vitest runs in the SSR environment).
  resolve: { conditions: ['@gradkit/source'] },
  ssr: { resolve: { conditions: ['@gradkit/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
