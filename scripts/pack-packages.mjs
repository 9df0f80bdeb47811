// The packing shared by the package checks, the install test and the release dry run: the
// non-private @gradkit packages and `pnpm pack` of them (what `pnpm publish` would upload,
// workspace:* ranges resolved) in one recursive run, since starting pnpm once per package
// costs more than the packing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(import.meta.dirname, '..');

/** `{ dir, manifest }` of each non-private package in `dirs` (default: all of packages/). */
export function publishablePackages(
  dirs = readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)),
) {
  return dirs
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private);
}

/** Packs `packages` into `destination`; returns the tarball path of each package name. */
export function packPackages(packages, destination) {
  execFileSync(
    'npx',
    [
      '--yes',
      'pnpm@10.34.9',
      '-r',
      ...packages.flatMap((p) => ['--filter', p.manifest.name]),
      'pack',
      '--pack-destination',
      destination,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    },
  );
  return new Map(
    packages.map(({ manifest }) => [
      manifest.name,
      join(
        destination,
        `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`,
      ),
    ]),
  );
}

// As a command (`pnpm pack:packages [folder]`): packs every publishable package into `folder`
// (default packed/ at the repository root, emptied first) and prints each tarball's path.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const destination = resolve(process.argv[2] ?? join(root, 'packed'));
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  for (const path of packPackages(publishablePackages(), destination).values()) {
    if (!existsSync(path)) throw new Error(`pack-packages: pnpm pack wrote no ${path}`);
    console.log(path);
  }
}
