// gpu.js's webgl2 mode in headless Debian Chromium (its software GPU), driven by
// playwright-core: the smoke cases (matmul, conv2d, pooling, reductions, a gradient, an Adam
// step), then @gradkit/tensor's conformance suite (every case of fixtures/ops.json, every
// primitive on seeded inputs against float64 on the CPU, the capabilities and donation)
// except the mode's known gaps. Bundles the page
// scripts with tsup, so nothing is downloaded. `--smoke-only` skips the fixtures; on modes
// other than webgl2 they run only with `--fixtures`.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOrSkip, launchChromium } from '../../../scripts/headless-chromium.mjs';

const args = process.argv.slice(2);
const mode = args.find((a) => !a.startsWith('--')) ?? 'webgl2';
// The fixtures run on webgl2 by default (their known gaps there are measured); on other
// modes with --fixtures.
const smokeOnly =
  args.includes('--smoke-only') || (mode !== 'webgl2' && !args.includes('--fixtures'));
// CI sets this: there a missing browser or a mode that does not open is a failure, not a skip.
const required = process.env.GRADKIT_REQUIRE_BROWSER === '1';
const chromium = await chromiumOrSkip(import.meta.url);
const { build } = await import('tsup');

const outDir = join(tmpdir(), 'gradkit-gpujs-webgl2');
await build({
  entry: { smoke: 'scripts/smoke/browser-entry.ts', parity: 'scripts/browser/parity-entry.ts' },
  outDir,
  format: ['iife'],
  platform: 'browser',
  target: 'es2022',
  noExternal: [/.*/],
  silent: true,
  config: false,
  esbuildOptions(options) {
    options.conditions = ['@gradkit/source', 'browser'];
  },
});
const script = await readFile(join(outDir, 'smoke.global.js'), 'utf8');
const parityScript = await readFile(join(outDir, 'parity.global.js'), 'utf8');

const started = performance.now();
const browser = await launchChromium(chromium, [
  // WebGL on Chromium's software rasterizer (SwiftShader) instead of a GPU.
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
]);
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`[page] ${message.text()}`));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.evaluate((m) => {
    globalThis.smokeMode = m;
  }, mode);
  await page.addScriptTag({ content: script });
  await page.waitForFunction(() => globalThis.smoke !== undefined, null, { timeout: 120_000 });
  const outcome = await page.evaluate(() => globalThis.smoke);
  if (outcome.error !== undefined) {
    console.log(`skipped: ${mode} does not open in Chromium (${outcome.error.split('\n')[0]})`);
    process.exitCode = required ? 1 : 0;
  } else {
    let failed = 0;
    for (const r of outcome.results) {
      if (!r.passed) failed++;
      console.log(`${r.passed ? 'ok  ' : 'FAIL'} ${outcome.mode} ${r.name} ${r.detail}`);
    }
    console.log(
      `${outcome.mode} in Chromium: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(
      `${outcome.mode} smoke: ${outcome.results.length - failed} passed, ${failed} failed`,
    );
    process.exitCode = failed > 0 ? 1 : 0;
    if (!smokeOnly) {
      const parityPage = await browser.newPage();
      parityPage.on('console', (message) => console.log(`[page] ${message.text()}`));
      await parityPage.setContent('<!doctype html><html><body></body></html>');
      await parityPage.evaluate((m) => {
        globalThis.parityMode = m;
      }, mode);
      await parityPage.addScriptTag({ content: parityScript });
      await parityPage.waitForFunction(() => globalThis.parity !== undefined, null, {
        timeout: 300_000,
        polling: 500,
      });
      const parity = await parityPage.evaluate(() => globalThis.parity);
      if (parity.error !== undefined) {
        console.log(`FAIL ${mode} conformance suite did not run: ${parity.error}`);
        process.exitCode = 1;
      } else {
        for (const f of parity.failures) console.log(`FAIL ${parity.mode} ${f.name}: ${f.message}`);
        console.log(
          `${parity.mode} conformance suite: ${parity.passed} passed, ${parity.failures.length} failed, ${parity.skipped} known gaps left out (${(parity.milliseconds / 1000).toFixed(1)} s)`,
        );
        if (parity.failures.length > 0) process.exitCode = 1;
      }
      console.log(
        `${outcome.mode} in Chromium, all: ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  }
} finally {
  await browser.close();
}
