import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import wabt from 'wabt';

/**
 * Each `<name>-wasm.generated.ts` embeds `<file>.wat` compiled by wabt. This test recompiles
 * the text and fails when a committed module is stale; `pnpm --filter @gradkit/tensor
 * generate:wasm` (vitest -u on this file) rewrites them.
 */
const MODULES = [
  { wat: 'gemm.wat', generated: './gemm-wasm.generated.ts', constant: 'GEMM_WASM_BASE64' },
  { wat: 'kernels.wat', generated: './kernels-wasm.generated.ts', constant: 'KERNELS_WASM_BASE64' },
] as const;

async function compile(wat: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const path = fileURLToPath(new URL(`./${wat}`, import.meta.url));
  const module = toolkit.parseWat(wat, readFileSync(path, 'utf8'), {
    simd: true,
    bulk_memory: true,
  });
  try {
    module.validate();
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

function render(wat: string, constant: string, bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  return [
    `// Generated from ${wat} (${bytes.length} bytes of WebAssembly) by gemm-wasm.test.ts: do not`,
    `// edit. After changing ${wat} run \`pnpm --filter @gradkit/tensor generate:wasm\`.`,
    `export const ${constant} =`,
    `  '${base64}';`,
    '',
  ].join('\n');
}

describe('WebAssembly sources', () => {
  for (const { wat, generated, constant } of MODULES) {
    it(`${wat} compiles to the module embedded in ${generated.slice(2)}`, async () => {
      const bytes = await compile(wat);
      // Small enough for synchronous compilation anywhere, Chromium's old 4 KB main-thread cap too.
      expect(bytes.length).toBeLessThan(4096);
      await expect(render(wat, constant, bytes)).toMatchFileSnapshot(generated);
    });
  }
});
