// Headless Debian Chromium driven by playwright-core, for the packages' browser checks: the
// browser path, the skip (or, under CI's GRADKIT_REQUIRE_BROWSER=1, the failure) when the
// browser or playwright-core is missing, and the flags every check launches with.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// No GPU, no network beyond the page's own server, no first-run or background work.
const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * playwright-core's `chromium`, resolved from the calling package (`callerUrl`: its
 * `import.meta.url`); exits 0 with "skipped: ..." where the browser or playwright-core is
 * missing, 1 when CI requires the browser.
 */
export async function chromiumOrSkip(callerUrl) {
  const required = process.env.GRADKIT_REQUIRE_BROWSER === '1';
  const skip = (why) => {
    console.log(`skipped: ${why}`);
    process.exit(required ? 1 : 0);
  };
  if (!existsSync(CHROMIUM)) skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  try {
    const path = createRequire(callerUrl).resolve('playwright-core');
    const playwright = await import(pathToFileURL(path).href);
    // The package is CommonJS: its exports arrive named or only on `default`.
    return playwright.chromium ?? playwright.default.chromium;
  } catch {
    return skip('playwright-core is not installed');
  }
}

/** Launches headless Chromium with the common flags and `extraArgs`. */
export function launchChromium(chromium, extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, ...extraArgs] });
}
