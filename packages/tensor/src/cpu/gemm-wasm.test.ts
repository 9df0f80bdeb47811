import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import wabt from 'wabt';

/**
 * gemm-wasm.generated.ts embeds gemm.wat compiled by wabt. This test recompiles the text and
 * fails when the committed module is stale; `pnpm --filter @gradkit/tensor generate:wasm`
 * (vitest -u on this file) rewrites it.
 */
async function compileGemm(): Promise<Uint8Array> {
  const toolkit = await wabt();
  const path = fileURLToPath(new URL('./gemm.wat', import.meta.url));
  const module = toolkit.parseWat('gemm.wat', readFileSync(path, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

function render(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  return [
    `// Generated from gemm.wat (${bytes.length} bytes of WebAssembly) by gemm-wasm.test.ts: do not`,
    '// edit. After changing gemm.wat run `pnpm --filter @gradkit/tensor generate:wasm`.',
    `export const GEMM_WASM_BASE64 =`,
    `  '${base64}';`,
    '',
  ].join('\n');
}

describe('gemm.wat', () => {
  it('compiles to the module embedded in gemm-wasm.generated.ts', async () => {
    const bytes = await compileGemm();
    // Small enough for synchronous compilation anywhere, Chromium's old 4 KB main-thread cap too.
    expect(bytes.length).toBeLessThan(4096);
    await expect(render(bytes)).toMatchFileSnapshot('./gemm-wasm.generated.ts');
  });
});
