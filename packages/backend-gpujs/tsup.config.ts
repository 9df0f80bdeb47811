import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

// gpu.js is bundled into dist/ (with acorn and gpu-mock.js, the two libraries it loads), so
// that the published package's dependency list is ours: gpu.js 2.24 hard-depends on
// `webgpu@0.2.9` (native Dawn builds for five platforms, never loaded: webgpu mode uses
// navigator.gpu) and optionally on `gl`, whose sources are large. Those two become optional
// peer dependencies, installed only by who wants headlessgl or webgpu mode in Node.
const BUNDLED = ['gpu.js', 'acorn', 'gpu-mock.js'];
const OPTIONAL_NATIVE = ['gl', 'webgpu'];

const shared: Options = {
  entry: { index: 'src/index.ts' },
  sourcemap: true,
  target: 'es2022',
  // esbuild's own tree shaking only: tsup's extra Rollup pass would drop the ESM banner's
  // `require` as unused, while esbuild's require shim needs it.
  treeshake: false,
  // Bundling tensor in would give this backend its own copy of the engine and observer.
  external: ['@gradkit/tensor', ...OPTIONAL_NATIVE],
  noExternal: BUNDLED,
  // The backend checks which kernel class gpu.js picked by its name, so names must survive
  // bundling.
  keepNames: true,
};

/** The license of each bundled library, next to the code that contains it. */
function writeNotices(): void {
  const require = createRequire(import.meta.url);
  const gpujs = dirname(require.resolve('gpu.js/package.json'));
  const notices = BUNDLED.map((name) => {
    const dir =
      name === 'gpu.js'
        ? gpujs
        : dirname(require.resolve(`${name}/package.json`, { paths: [gpujs] }));
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    return `## ${name} ${version}\n\n${readFileSync(join(dir, 'LICENSE'), 'utf8').trim()}\n`;
  });
  mkdirSync('dist', { recursive: true });
  writeFileSync(
    'dist/THIRD-PARTY-NOTICES.md',
    `# Bundled third-party code\n\ndist/ contains these libraries.\n\n${notices.join('\n')}`,
  );
}

export default defineConfig([
  {
    ...shared,
    // Node (and bundlers without the browser condition): gpu.js's Node sources. Their
    // `require` of os, worker_threads and the optional gl gets Node's own require in the ESM
    // build; where there is none (a browser), gpu.js's guards skip those modules.
    format: ['esm', 'cjs'],
    platform: 'node',
    dts: true,
    clean: true,
    banner: ({ format }) =>
      format === 'esm'
        ? {
            js: "const require = globalThis.process?.getBuiltinModule?.('node:module')?.createRequire(import.meta.url);",
          }
        : {},
    onSuccess: async () => writeNotices(),
  },
  {
    ...shared,
    // Browsers (the `browser` export condition): gpu.js's browser build.
    entry: { 'index.browser': 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    dts: false,
    clean: false,
  },
]);
