// Packs @gradkit packages with `pnpm pack` (what `pnpm publish` would upload: workspace:* ranges
// resolved) and lints each tarball with `publint --strict` and `attw` (arethetypeswrong's default
// profile: node10, node16 from CommonJS, node16 from ESM and bundler resolution). Run from the
// root it checks every non-private package under packages/; run with package folders as
// arguments (each package's `lint:package` passes `.`) it checks those. Needs built dist/ folders.
// Closes with "packages: N passed, N failed".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packPackages, publishablePackages, root } from './pack-packages.mjs';

const bin = (name) => join(root, 'node_modules/.bin', name);
const packages = publishablePackages(
  process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : undefined,
);

const work = mkdtempSync(join(tmpdir(), 'gradkit-check-packages-'));
const run = (cmd, args, cwd = root) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
  });

let passed = 0;
let failed = 0;
try {
  const tarballs = packPackages(packages, work);
  for (const { manifest } of packages) {
    const tarball = tarballs.get(manifest.name);
    const problems = [];
    for (const [tool, args] of [
      ['publint', ['run', '--strict', tarball]],
      ['attw', [tarball, '--format', 'table-flipped']],
    ]) {
      try {
        run(bin(tool), args);
      } catch (error) {
        problems.push(`${tool}:\n${String(error.stdout || '') + String(error.stderr || '')}`);
      }
    }
    if (problems.length === 0) {
      console.log(`ok ${manifest.name} (publint --strict, attw)`);
      passed++;
    } else {
      console.log(`FAIL ${manifest.name}\n${problems.join('\n')}`);
      failed++;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`packages: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
