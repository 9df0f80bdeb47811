// The playground end to end in headless Debian Chromium (its software GPU, SwiftShader),
// driven by playwright-core: builds the page with Vite, serves dist/ on 127.0.0.1, starts
// training from the keyboard on the default backend (gpu.js webgl2), waits until the
// displayed loss has fallen below LOSS_FRACTION of the first, draws a digit with the mouse and
// checks that a prediction and ten probabilities appear, then checks the phone layout.
// Screenshots go to test-results/. Fails if the page runs any mode other than the one asked
// for (a silent CPU fallback included). Without Chromium it prints `skipped: <reason>` and
// exits 0, unless GRADKIT_REQUIRE_BROWSER=1 (CI), where that is a failure.
//
//   node scripts/e2e.mjs [--backend=webgl2|webgpu|gpujs-cpu|cpu] [--no-build] [--seconds=N]
//                        [--url=http://127.0.0.1:5173/]
//
// --url tests a page that is already served (e.g. `pnpm dev`) instead of building dist/.
// --seconds=N keeps training N more seconds after the loss target and reports throughput
// (how the README's figures were measured).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(APP, 'dist');
const RESULTS = join(APP, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOSS_FRACTION = 0.4;
const LOSS_TIMEOUT_MS = 300_000;

const args = process.argv.slice(2);
const option = (name, fallback) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const backend = option('backend', 'webgl2');
const extraSeconds = Number(option('seconds', '0'));
const expectedMode = { webgl2: 'webgl2', webgpu: 'webgpu', 'gpujs-cpu': 'cpu', cpu: 'cpu' }[
  backend
];
if (expectedMode === undefined) {
  console.error(`unknown --backend=${backend}`);
  process.exit(2);
}
const required = process.env.GRADKIT_REQUIRE_BROWSER === '1';

function skip(reason) {
  console.log(`skipped: ${reason}`);
  process.exit(required ? 1 : 0);
}

if (!existsSync(CHROMIUM)) skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core is not installed');
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  return ok;
}

const served = option('url', undefined);
if (served === undefined && !args.includes('--no-build')) {
  const { build } = await import('vite');
  await build({ root: APP, logLevel: 'warn' });
  console.log(`built dist/ in ${elapsed()}`);
}
if (served === undefined && !existsSync(join(DIST, 'index.html'))) {
  console.error('no dist/index.html: run without --no-build');
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};
const server = createServer(async (request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const file = normalize(join(DIST, path === '/' ? 'index.html' : decodeURIComponent(path)));
  if (!file.startsWith(DIST + sep)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const base = served ?? `http://127.0.0.1:${server.address().port}/`;
const url = backend === 'webgl2' ? base : `${base}?backend=${backend}`;

const profile = await mkdtemp(join(tmpdir(), 'gradkit-playground-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  viewport: { width: 1280, height: 800 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // WebGL on Chromium's software rasterizer (SwiftShader) instead of a GPU, as
    // packages/backend-gpujs/scripts/test-webgl2.mjs runs it.
    '--enable-unsafe-swiftshader',
    '--use-angle=swiftshader',
  ],
});
// Nothing but the local server: any other request is refused and reported.
const offsite = [];
await context.route(
  (u) => u.hostname !== '127.0.0.1',
  (route) => {
    offsite.push(route.request().url());
    return route.abort();
  },
);

let skipped;
try {
  await mkdir(RESULTS, { recursive: true });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[page] ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('body:not([data-state="loading"])', { timeout: 120_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  const mode = await page.locator('#backend-mode').getAttribute('data-mode');
  if (state === 'error') {
    const message = (await page.locator('#error').textContent()) ?? '';
    if (mode === 'error') {
      skipped = `${backend} does not open in this Chromium (${message.split('\n')[0]})`;
      throw new Error(skipped);
    }
    check(false, `the page opened (${message})`);
    throw new Error('page failed');
  }
  const shown = await page.locator('#backend-mode').textContent();
  console.log(`backend: ${shown} (opened in ${elapsed()})`);
  if (!check(mode === expectedMode, `runs on ${expectedMode}, reports '${mode}'`)) {
    throw new Error('wrong mode');
  }

  // Keyboard: Tab from the top of the page to the start button, Enter starts training.
  let tabs = 0;
  while (tabs < 40 && (await page.evaluate(() => document.activeElement?.id)) !== 'start') {
    await page.keyboard.press('Tab');
    tabs++;
  }
  check(
    (await page.evaluate(() => document.activeElement?.id)) === 'start',
    `Tab reaches the start button (${tabs} presses)`,
  );
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-state="training"]', { timeout: 10_000 });
  check(true, 'Enter on the start button starts training');

  const read = () =>
    page.evaluate(() => {
      const value = (id) => {
        const text = document.getElementById(id)?.dataset.value;
        return text ? Number(text) : Number.NaN;
      };
      return {
        state: document.body.dataset.state,
        mode: document.getElementById('backend-mode')?.dataset.mode,
        step: value('step'),
        loss: value('loss'),
        first: value('first-loss'),
        throughput: value('throughput'),
        msPerStep: value('step-time'),
        testAccuracy: value('test-accuracy'),
        tensors: Number(document.getElementById('tensors')?.textContent),
        error: document.getElementById('error')?.hidden
          ? ''
          : document.getElementById('error')?.textContent,
      };
    });
  const trainingStarted = performance.now();
  let status = await read();
  let lastLog = 0;
  while (performance.now() - trainingStarted < LOSS_TIMEOUT_MS) {
    status = await read();
    if (status.state !== 'training' || status.mode !== expectedMode) break;
    if (status.loss < LOSS_FRACTION * status.first) break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      console.log(
        `  step ${status.step}: loss ${status.loss.toFixed(4)} (first ${status.first.toFixed(4)})`,
      );
    }
    await page.waitForTimeout(250);
  }
  const toTarget = (performance.now() - trainingStarted) / 1000;
  check(status.mode === expectedMode, `still on ${expectedMode} after ${status.step} steps`);
  check(
    status.state === 'training',
    `no error while training${status.error ? `: ${status.error}` : ''}`,
  );
  check(
    status.loss < LOSS_FRACTION * status.first,
    `loss fell from ${status.first.toFixed(4)} to ${status.loss.toFixed(4)} (< ${LOSS_FRACTION} × first) in ${status.step} steps, ${toTarget.toFixed(1)} s`,
  );
  if (extraSeconds > 0) {
    await page.waitForTimeout(extraSeconds * 1000);
    status = await read();
  }
  console.log(
    `throughput: ${Math.round(status.throughput)} samples/s, ${status.msPerStep.toFixed(1)} ms/step (batch 64) at step ${status.step}; test accuracy ${Number.isNaN(status.testAccuracy) ? 'not measured yet' : `${(status.testAccuracy * 100).toFixed(1)}%`}; live tensors ${status.tensors}`,
  );

  // Draw a 7 with the mouse: a bar across the top, then a stroke down to the lower left.
  const pad = await page.locator('#pad').boundingBox();
  const at = (x, y) => [pad.x + x * pad.width, pad.y + y * pad.height];
  await page.mouse.move(...at(0.25, 0.22));
  await page.mouse.down();
  await page.mouse.move(...at(0.75, 0.22), { steps: 12 });
  await page.mouse.move(...at(0.45, 0.85), { steps: 16 });
  await page.mouse.up();
  const drawn = performance.now();
  await page.waitForSelector('#prediction[data-digit]', { timeout: 30_000 });
  const prediction = await page.evaluate(() => ({
    digit: document.getElementById('prediction')?.dataset.digit,
    probability: Number(document.getElementById('prediction')?.dataset.probability),
    values: [...document.querySelectorAll('#probabilities .value')].map((e) => e.textContent),
  }));
  const sum = prediction.values.reduce((s, v) => s + Number.parseFloat(v), 0);
  check(
    prediction.values.length === 10 && Math.abs(sum - 100) < 1,
    `drawn 7 predicted as ${prediction.digit} (p = ${prediction.probability.toFixed(3)}, ${Math.round(performance.now() - drawn)} ms after the stroke); probabilities ${prediction.values.join(' ')}`,
  );
  await page.screenshot({ path: join(RESULTS, 'playground-1280x800.png') });
  console.log(`screenshot: ${join(RESULTS, 'playground-1280x800.png')}`);

  // Pause from the keyboard, then the phone-sized layout.
  await page.focus('#start');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-state="paused"]', { timeout: 30_000 });
  check(true, 'Enter on the button again pauses training');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  const phone = await page.evaluate(() => {
    const box = (id) => document.getElementById(id)?.getBoundingClientRect();
    const inside = (id) => {
      const b = box(id);
      return b !== undefined && b.width > 0 && b.left >= 0 && b.right <= window.innerWidth;
    };
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      controls: [
        'start',
        'reset',
        'backend',
        'alias',
        'learning-rate',
        'batch-size',
        'pad',
        'clear',
      ].filter((id) => !inside(id)),
    };
  });
  check(
    phone.scrollWidth <= phone.innerWidth && phone.controls.length === 0,
    `390×844: no horizontal overflow (scroll width ${phone.scrollWidth} of ${phone.innerWidth})${phone.controls.length > 0 ? `; outside: ${phone.controls.join(', ')}` : ''}`,
  );
  await page.screenshot({ path: join(RESULTS, 'playground-390x844.png'), fullPage: true });
  console.log(`screenshot: ${join(RESULTS, 'playground-390x844.png')}`);

  check(
    pageErrors.length === 0,
    `no uncaught page errors${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`,
  );
  check(
    offsite.length === 0,
    `no request left 127.0.0.1${offsite.length ? `: ${offsite.join(', ')}` : ''}`,
  );
} catch (error) {
  if (failed === 0 && skipped === undefined) check(false, String(error));
} finally {
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
if (skipped !== undefined) skip(skipped);
console.log(`playground e2e (${backend}) in ${elapsed()}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
