// The CPU backend's worker threads in headless Debian Chromium, driven by playwright-core,
// from the built package (run `pnpm build` first). A tiny local server serves two pages:
// - isolated (Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy set): workers
//   must really run parts, two threads must give the bits of one (conv2d's filter gradient,
//   a split sum, to float32 rounding, as documented) run after run, and each thread count
//   the bits of the CPU backend in Node;
// - plain (no headers): one thread, the reason logged exactly once, and Node's bits (asked
//   for two threads, the page splits the work as two threads would and runs both parts).
// The page script is bundled with tsup, so nothing is downloaded.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOrSkip, launchChromium } from '../../../scripts/headless-chromium.mjs';

const chromium = await chromiumOrSkip(import.meta.url);
if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.log('FAIL: build @gradkit/tensor first (pnpm build): the page loads dist/');
  process.exit(1);
}
const { build } = await import('tsup');
const { threadsWorkload } = await import('./browser/threads-workload.mjs');

const outDir = join(tmpdir(), 'gradkit-tensor-browser-threads');
await build({
  entry: { threads: 'scripts/browser/threads-entry.mjs' },
  outDir,
  format: ['iife'],
  platform: 'browser',
  target: 'es2022',
  noExternal: [/.*/],
  silent: true,
  config: false,
});
const script = await readFile(join(outDir, 'threads.global.js'), 'utf8');

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const server = createServer((request, response) => {
  const headers = request.url.startsWith('/isolated') ? isolation : {};
  if (request.url.endsWith('/threads.js')) {
    response.writeHead(200, { 'Content-Type': 'text/javascript', ...headers });
    response.end(script);
  } else if (request.url.endsWith('/')) {
    response.writeHead(200, { 'Content-Type': 'text/html', ...headers });
    response.end('<!doctype html><html><body><script src="threads.js"></script></body></html>');
  } else if (request.url === '/favicon.ico') {
    response.writeHead(204);
    response.end();
  } else {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const node = { 1: threadsWorkload(1), 2: threadsWorkload(2) };
// The one result whose last bits may change with the thread count (per-thread sums).
const SPLIT_SUM = 'conv2d filter gradient';

let failed = 0;
function check(passed, name, detail = '') {
  if (!passed) failed++;
  console.log(`${passed ? 'ok  ' : 'FAIL'} ${name}${detail === '' ? '' : ` ${detail}`}`);
}

/** The cases whose bits differ, with the first differing element of each. */
function differences(actual, expected) {
  const found = [];
  for (const name of Object.keys(expected)) {
    const a = actual[name];
    const e = expected[name];
    if (a === undefined || a.length !== e.length) {
      found.push(`${name}: ${a?.length ?? 'no'} elements, expected ${e.length}`);
      continue;
    }
    const i = a.findIndex((bits, k) => bits !== e[k]);
    if (i >= 0) found.push(`${name}: element ${i} has bits ${a[i]}, expected ${e[i]}`);
  }
  return found;
}

const float = (bits) => new Float32Array(Uint32Array.of(bits).buffer)[0];
/**
 * Largest |a - b| over the largest |b|: the sums' order changes with the split, so they may
 * differ by a few units in the last place of the largest sums.
 */
function relativeGap(a, b) {
  let gap = 0;
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    gap = Math.max(gap, Math.abs(float(a[i]) - float(b[i])));
    largest = Math.max(largest, Math.abs(float(b[i])));
  }
  return gap / largest;
}

function compare(label, actual, expected) {
  const found = differences(actual, expected);
  check(
    found.length === 0,
    `${label}: ${Object.keys(expected).length} results bit-identical`,
    found.join('; '),
  );
}

const started = performance.now();
const browser = await launchChromium(chromium);
try {
  for (const kind of ['isolated', 'plain']) {
    const page = await browser.newPage();
    const messages = [];
    page.on('console', (message) => {
      messages.push(message.text());
      console.log(`[${kind} page] ${message.text()}`);
    });
    page.on('pageerror', (error) => {
      messages.push(String(error));
      console.log(`[${kind} page error] ${error}`);
    });
    await page.goto(`${origin}/${kind}/`);
    await page.waitForFunction(() => globalThis.threads !== undefined, null, {
      timeout: 300_000,
      polling: 200,
    });
    const outcome = await page.evaluate(() => globalThis.threads);
    await page.close();
    if (outcome.error !== undefined) {
      check(false, `${kind} page ran`, outcome.error);
      continue;
    }
    const logged = messages.filter((text) =>
      text.startsWith('@gradkit/tensor: the CPU backend runs on one thread'),
    );
    const { [SPLIT_SUM]: splitTwo, ...exactTwo } = outcome.two;
    const { [SPLIT_SUM]: splitOne, ...exactOne } = outcome.one;
    if (kind === 'isolated') {
      check(outcome.crossOriginIsolated, 'isolated page: crossOriginIsolated');
      check(
        outcome.singleThreadReason === null && logged.length === 0,
        'isolated page: threads available, nothing logged',
        outcome.singleThreadReason ?? logged.join(' | '),
      );
      check(
        outcome.readyWorkers === 1,
        `isolated page: ${outcome.readyWorkers} worker ready beside the page's thread`,
      );
      check(
        outcome.partsOnWorkers > 0,
        `isolated page: ${outcome.partsOnWorkers} kernel parts ran on the worker`,
      );
      compare('isolated page: 2 threads against 1 (all but the split sum)', exactTwo, exactOne);
      const gap = relativeGap(splitTwo, splitOne);
      check(gap <= 1e-5, `isolated page: ${SPLIT_SUM}, 2 threads against 1`, `gap ${gap}`);
      compare('isolated page: 2 threads, run after run', outcome.twoAgain, outcome.two);
      compare('isolated page against Node, 1 thread', outcome.one, node[1]);
      compare('isolated page against Node, 2 threads', outcome.two, node[2]);
    } else {
      check(!outcome.crossOriginIsolated, 'plain page: not crossOriginIsolated');
      check(
        outcome.partsOnWorkers === 0 && outcome.readyWorkers === 0,
        'plain page: no worker ran',
        `${outcome.readyWorkers} ready, ${outcome.partsOnWorkers} parts`,
      );
      check(
        logged.length === 1 && /cross-origin isolated/.test(logged[0]),
        'plain page: the one-thread reason logged exactly once',
        `${logged.length} times: ${logged.join(' | ')}`,
      );
      // Asked for 2 threads it still splits the work the same way, running both parts here.
      compare('plain page: "2 threads" against 1 (all but the split sum)', exactTwo, exactOne);
      compare('plain page against Node, 1 thread', outcome.one, node[1]);
      compare('plain page, "2 threads", against Node, 2 threads', outcome.two, node[2]);
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(
  `CPU threads in Chromium: ${failed === 0 ? 'all passed' : `${failed} failed`} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
process.exitCode = failed > 0 ? 1 : 0;
