// Declarations for a package whose entry points share modules (train: index, torch, mxnet and
// checkpoint share the optimizer classes). Bundling such declarations into chunks breaks
// `export * as ns` namespaces whose members land in another chunk (their types come out as
// `typeof` values), so here tsc emits one declaration file per source module instead:
// dist/types/ for ESM and a copy in dist/types-cjs/ marked CommonJS (a .d.cts cannot re-export
// from an ES module under TypeScript 5.0's node16 resolution). Each entry's dist/<name>.d.ts and
// .d.cts, the paths named in package.json's exports, re-export its source module's declarations.
// Run in the package folder after tsup (which then builds the JavaScript only).
// Usage: node ../../scripts/emit-declarations.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const dir = process.cwd();
const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
const dist = join(dir, 'dist');
const esm = join(dist, 'types');
const cjs = join(dist, 'types-cjs');
rmSync(esm, { recursive: true, force: true });
rmSync(cjs, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.declarations.json'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (error) {
  console.error(String(error.stdout) + String(error.stderr));
  process.exit(1);
}
cpSync(esm, cjs, { recursive: true });
writeFileSync(join(esm, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
writeFileSync(join(cjs, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);

let entries = 0;
for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
  if (typeof conditions !== 'object') continue;
  for (const [kind, folder] of [
    ['import', esm],
    ['require', cjs],
  ]) {
    const target = conditions[kind];
    const source = target?.['@gradkit/source'];
    if (!target?.types || !source) continue;
    const module = relative(join(dir, 'src'), resolve(dir, source)).replace(/\.ts$/, '.js');
    const declaration = join(folder, module.replace(/\.js$/, '.d.ts'));
    if (!existsSync(declaration)) {
      throw new Error(`emit-declarations: ${subpath} (${kind}): tsc emitted no ${declaration}`);
    }
    const stub = resolve(dir, target.types);
    const from = `./${relative(dist, join(folder, module)).replaceAll('\\', '/')}`;
    writeFileSync(stub, `export * from '${from}';\n`);
    entries++;
  }
}
console.log(`emit-declarations: ${entries} entry declarations in ${relative(dir, dist)}/`);
