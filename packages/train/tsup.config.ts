import { defineConfig } from 'tsup';

export default defineConfig({
  // The checkpoint entry uses node:fs, so it is a separate subpath that browser bundles never load.
  entry: {
    index: 'src/index.ts',
    checkpoint: 'src/checkpoint/index.ts',
    torch: 'src/torch/index.ts',
    mxnet: 'src/mxnet/index.ts',
  },
  format: ['esm', 'cjs'],
  // Declarations come from tsc (scripts/emit-declarations.mjs), one file per module.
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  // Share chunks in the CJS build too (tsup splits only ESM by default): otherwise
  // checkpoint.cjs gets its own copy of Cell and `instanceof Cell` fails for CommonJS users.
  splitting: true,
  // Bundling these in would give train its own copy of the engine, the tape and RowSparse.
  external: ['@gradkit/tensor', '@gradkit/autograd', '@gradkit/optim', '@gradkit/jit'],
});
