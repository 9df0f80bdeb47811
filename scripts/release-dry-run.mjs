// A release without publishing and without the network: runs `changeset version` on a copy of
// the workspace's manifests and pending changesets (the repository is not touched) and checks
// that every package of the fixed group gets the same new version and a CHANGELOG entry for it;
// then packs every package as `pnpm publish` would and hands each tarball to
// `npm publish --dry-run --offline` against an unreachable registry. Closes with "release: ...".
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packPackages, publishablePackages, root } from './pack-packages.mjs';

const work = mkdtempSync(join(tmpdir(), 'gradkit-release-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// 1. `changeset version` on a copy: manifests, changelogs and the pending changesets.
const copy = join(work, 'workspace');
for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset']) {
  cpSync(join(root, file), join(copy, file), { recursive: true });
}
for (const group of ['packages', 'apps']) {
  for (const dir of readdirSync(join(root, group))) {
    for (const file of ['package.json', 'CHANGELOG.md']) {
      const from = join(root, group, dir, file);
      if (existsSync(from)) cpSync(from, join(copy, group, dir, file));
    }
  }
}
mkdirSync(join(copy, 'docs'), { recursive: true });
cpSync(join(root, 'docs/package.json'), join(copy, 'docs/package.json'));
const pending = readdirSync(join(copy, '.changeset')).filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
);
run(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], copy);

const publishable = publishablePackages().map(({ dir, manifest }) => ({
  dir: basename(dir),
  before: manifest,
}));
const failures = [];
const versions = new Set();
for (const { dir, before } of publishable) {
  const after = readJson(join(copy, 'packages', dir, 'package.json'));
  versions.add(after.version);
  const changelog = join(copy, 'packages', dir, 'CHANGELOG.md');
  const entry =
    existsSync(changelog) && readFileSync(changelog, 'utf8').includes(`## ${after.version}`);
  console.log(
    `${before.name}: ${before.version} -> ${after.version}${entry ? '' : ' (no CHANGELOG entry)'}`,
  );
  if (pending.length > 0 && after.version === before.version)
    failures.push(`${before.name} not bumped`);
  if (pending.length > 0 && !entry) failures.push(`${before.name} has no CHANGELOG entry`);
}
if (versions.size !== 1) failures.push(`the fixed group got several versions: ${[...versions]}`);
console.log(`changesets: ${pending.length} pending, one version for the group: ${[...versions]}`);

// 2. What `pnpm publish` would upload, checked by npm without a registry.
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
packPackages(
  publishable.map((p) => ({ manifest: p.before })),
  tarballs,
);
for (const tarball of readdirSync(tarballs)) {
  try {
    const out = execFileSync(
      'npm',
      // --offline: npm would otherwise retry the unreachable registry for a minute per package.
      [
        'publish',
        join(tarballs, tarball),
        '--dry-run',
        '--offline',
        '--registry',
        'http://127.0.0.1:9/',
      ],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    console.log(`would publish ${tarball}${out.trim() === '' ? '' : ` (${out.trim()})`}`);
  } catch (error) {
    failures.push(`npm publish --dry-run ${tarball}: ${error.stderr ?? error.message}`);
  }
}

for (const failure of failures) console.error(`release: ${failure}`);
console.log(
  `release: ${failures.length === 0 ? 'dry run passed' : `${failures.length} problems`} (${work})`,
);
process.exit(failures.length === 0 ? 0 : 1);
