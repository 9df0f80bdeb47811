import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@gradkit/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
