import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import wabt from 'wabt';

/**
 * Each `<name>-wasm.generated.ts` embeds `<file>.wat` compiled by wabt twice: as written, with
 * a shared memory (worker threads), and with `shared` taken out (runtimes without
 * SharedArrayBuffer). This test recompiles the text and fails when a committed module is
 * stale; `pnpm --filter @gradkit/tensor generate:wasm` (vitest -u on this file) rewrites them.
 */
const MODULES = [
  { wat: 'gemm.wat', generated: './gemm-wasm.generated.ts', constant: 'GEMM_WASM_BASE64' },
  { wat: 'kernels.wat', generated: './kernels-wasm.generated.ts', constant: 'KERNELS_WASM_BASE64' },
  {
    wat: 'elementwise.wat',
    generated: './elementwise-wasm.generated.ts',
    constant: 'ELEMENTWISE_WASM_BASE64',
  },
] as const;

const FEATURES = { simd: true, bulk_memory: true, threads: true };

async function compile(wat: string, shared: boolean): Promise<Uint8Array> {
  const toolkit = await wabt();
  const path = fileURLToPath(new URL(`./${wat}`, import.meta.url));
  const text = readFileSync(path, 'utf8');
  const source = shared ? text : text.replaceAll(' shared))', '))');
  if (!shared) expect(source).not.toBe(text);
  const module = toolkit.parseWat(wat, source, FEATURES);
  try {
    // wabt's typings omit validate's features argument.
    (module.validate as (features: typeof FEATURES) => void)(FEATURES);
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

function render(wat: string, constant: string, shared: Uint8Array, unshared: Uint8Array): string {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return [
    `// Generated from ${wat} (${shared.length} bytes of WebAssembly) by gemm-wasm.test.ts: do not`,
    `// edit. After changing ${wat} run \`pnpm --filter @gradkit/tensor generate:wasm\`.`,
    `/** With a shared memory, for worker threads. */`,
    `export const ${constant}_SHARED =`,
    `  '${base64(shared)}';`,
    `/** With an unshared memory, where SharedArrayBuffer is missing. */`,
    `export const ${constant} =`,
    `  '${base64(unshared)}';`,
    '',
  ].join('\n');
}

describe('WebAssembly sources', () => {
  for (const { wat, generated, constant } of MODULES) {
    it(`${wat} compiles to the module embedded in ${generated.slice(2)}`, async () => {
      const [shared, unshared] = [await compile(wat, true), await compile(wat, false)];
      // Compiled synchronously (new WebAssembly.Module) on a page's main thread: Chromium
      // capped that at 4 KB until version 114; small modules keep it cheap everywhere.
      expect(shared.length).toBeLessThan(16384);
      await expect(render(wat, constant, shared, unshared)).toMatchFileSnapshot(generated);
    });
  }
});
