// Exits 0 when gpu.js can load the native `gl` module (headless-gl), else prints why not.
// pnpm blocks gl's build script by default, so a fresh install has no binary.
const path = require('node:path');
try {
  const gpujs = path.dirname(require.resolve('gpu.js/package.json'));
  const gl = require(require.resolve('gl', { paths: [gpujs] }));
  if (typeof gl !== 'function') throw new Error('gl did not export a context factory');
} catch (error) {
  console.log(`skipped: the native 'gl' module does not load (${error.message.split('\n')[0]})`);
  process.exit(1);
}
