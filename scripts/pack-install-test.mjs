// Packs every publishable @gradkit package with `pnpm pack` (workspace:* becomes a version),
// installs each one with npm into its own fresh project outside the workspace (our packages from
// the local tarballs, third-party dependencies from the registry), and runs the package README's
// first TypeScript example there as ESM and as CommonJS. It checks that each install pulls only the
// @gradkit packages it declares. Then one project with every package type-checks a consumer of
// every entry point (scripts/type-check-consumers.mjs) and loads the ESM and CommonJS builds
// side by side (scripts/dual-package-check.mjs). Closes with "install: N passed, N failed".
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackages, publishablePackages, root } from './pack-packages.mjs';
import { entryPoints, typeCheckConsumers } from './type-check-consumers.mjs';

const ts = createRequire(join(root, 'packages/tensor/package.json'))('typescript');
const work = mkdtempSync(join(tmpdir(), 'gradkit-install-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });

const packages = publishablePackages();
const byName = new Map(packages.map((p) => [p.manifest.name, p]));
const tarballPaths = packPackages(packages, tarballs);
const tarballOf = (name) => tarballPaths.get(name);

/** The package and the @gradkit packages it depends on, transitively. */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(byName.get(name).manifest.dependencies ?? {})) {
    if (byName.has(dep)) closure(dep, seen);
  }
  return seen;
}

function firstTsExample(readme) {
  const match = /```ts[^\n]*\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('the README has no ```ts example');
  return match[1];
}

// TypeScript → JavaScript without type checking; CommonJS has no top-level await, so wrap it.
function toModule(source, kind) {
  const module = kind === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  if (kind === 'esm') return outputText;
  return `(async () => {\n${outputText}\n})().catch((error) => { console.error(error); process.exit(1); });\n`;
}

let passed = 0;
let failed = 0;
for (const p of packages) {
  const name = p.manifest.name;
  const project = join(work, name.replace('/', '__'));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
  );
  const wanted = [...closure(name)];
  const started = Date.now();
  try {
    // Install scripts stay off (as in the workspace): nothing may fetch binaries.
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        ...wanted.map(tarballOf),
      ],
      project,
    );
    const installed = existsSync(join(project, 'node_modules/@gradkit'))
      ? readdirSync(join(project, 'node_modules/@gradkit')).map((d) => `@gradkit/${d}`)
      : [];
    const extra = installed.filter((n) => !wanted.includes(n));
    if (extra.length > 0) throw new Error(`pulled undeclared packages: ${extra.join(', ')}`);
    const example = firstTsExample(readFileSync(join(p.dir, 'README.md'), 'utf8'));
    for (const kind of ['esm', 'cjs']) {
      const file = join(project, kind === 'esm' ? 'example.mjs' : 'example.cjs');
      writeFileSync(file, toModule(example, kind));
      run(process.execPath, [file], project);
      console.log(`ok ${name} (${kind})`);
      passed++;
    }
    console.log(
      `   installed ${installed.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    failed++;
    console.log(
      `FAIL ${name}: ${String(error.stderr || error.message)
        .trim()
        .split('\n')
        .slice(-15)
        .join('\n')}`,
    );
  }
}
/** Runs `check` as one test named `name`, printing ok, or FAIL with the last lines of output. */
function test(name, check) {
  try {
    check();
    console.log(`ok ${name}`);
    passed++;
  } catch (error) {
    failed++;
    const text = String(error.stderr || error.stdout || error.message).trim();
    console.log(`FAIL ${name}: ${text.split('\n').slice(-15).join('\n')}`);
  }
}

// Every package in one project, as a user of several would have them.
const everything = join(work, 'everything');
mkdirSync(everything);
writeFileSync(
  join(everything, 'package.json'),
  JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
);
test('install of every package in one project', () =>
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      ...packages.map((p) => tarballOf(p.manifest.name)),
    ],
    everything,
  ));
test('ESM and CommonJS builds in one process share one engine', () => {
  copyFileSync(join(root, 'scripts/dual-package-check.mjs'), join(everything, 'dual-package.mjs'));
  run(process.execPath, [join(everything, 'dual-package.mjs')], everything);
});
// gpu.js bundled, its native webgpu and gl optional peers: a small install, a valid tree, under
// the npm versions users have, and the webgpu and headlessgl modes without their packages
// name the package to install.
const GPUJS_INSTALL_LIMIT = 25 * 1024 * 1024;
for (const npm of ['npm@10.9.9', 'npm@11.21.3']) {
  test(`@gradkit/backend-gpujs with ${npm}: at most 25 MB, npm ls clean`, () => {
    const project = join(work, `gpujs-${npm}`);
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    const tarballs = [...closure('@gradkit/backend-gpujs')].map(tarballOf);
    run(
      'npx',
      ['--yes', npm, 'install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs],
      project,
    );
    run('npx', ['--yes', npm, 'ls', '--all'], project);
    const bytes = Number(run('du', ['-sb', 'node_modules'], project).split('\t')[0]);
    console.log(`   node_modules: ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    if (bytes > GPUJS_INSTALL_LIMIT) {
      throw new Error(`node_modules takes ${(bytes / 1024 / 1024).toFixed(1)} MB, over 25 MB`);
    }
    writeFileSync(
      join(project, 'native-modes.mjs'),
      `const { createGpujsBackend } = await import('@gradkit/backend-gpujs');
try {
  await createGpujsBackend({ mode: 'webgpu' });
  console.error('webgpu mode opened without the webgpu package');
  process.exit(1);
} catch (error) {
  if (!/'webgpu' package: npm install webgpu@/.test(error.message)) {
    console.error('the error does not name the package to install: ' + error.message);
    process.exit(1);
  }
}
try {
  await createGpujsBackend({ mode: 'headlessgl' });
  console.error('headlessgl mode opened without the gl package');
  process.exit(1);
} catch (error) {
  if (!/'gl' package: npm install gl@/.test(error.message)) {
    console.error('the error does not name the package to install: ' + error.message);
    process.exit(1);
  }
}
`,
    );
    run(process.execPath, ['native-modes.mjs'], project);
  });
}

const specifiers = packages.flatMap((p) => entryPoints(p.manifest));
for (const result of typeCheckConsumers({ project: everything, root, specifiers })) {
  test(`types of every entry point (${result.name})`, () => {
    if (!result.ok) throw new Error(result.output);
  });
}

rmSync(work, { recursive: true, force: true });
console.log(`install: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
