// Type-checks every `@example` in the TSDoc of packages/*/src against the built packages, as a
// user's project would see them: each example becomes its own module under node_modules/.cache
// in docs/, imports `@gradkit/*` through the workspace links (dist types, no source condition),
// and one strict tsc program checks them all. Every example must be fenced (```ts ... ```) and
// self-contained: a complete program with its imports from the public entry points. An unfenced
// example could not be checked, so it is an error too. Exits 1 on any type error or unfenced
// example.
// Usage: node scripts/check-examples.mjs [--list]
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const docs = resolve(import.meta.dirname, '..');
const root = resolve(docs, '..');
const ts = createRequire(join(docs, 'package.json'))('typescript');
const out = join(docs, 'node_modules/.cache/gradkit-examples');

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'testing-fixtures') yield* sources(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** The `@example` bodies of every TSDoc comment in a file, with their line numbers. */
function examplesOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, match.index).split('\n').length;
    const lines = match[0]
      .replace(/^\/\*\*/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''));
    let body = null;
    let bodyLine = 0;
    const flush = () => {
      if (body !== null) found.push({ line: startLine + bodyLine, code: codeOf(body.join('\n')) });
      body = null;
    };
    let inFence = false;
    lines.forEach((line, i) => {
      if (/^\s*```/.test(line)) inFence = !inFence;
      const tag = !inFence && /^\s*@(\w+)/.exec(line);
      if (tag) {
        flush();
        if (tag[1] === 'example') {
          body = [line.replace(/^\s*@example\s*/, '')];
          bodyLine = i;
        }
      } else if (body !== null) body.push(line);
    });
    flush();
  }
  return found;
}

function codeOf(body) {
  const fences = [...body.matchAll(/```(?:ts|typescript)?[^\n]*\n([\s\S]*?)```/g)];
  return fences.length > 0 ? fences.map((f) => f[1]).join('\n') : null;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = [];
const origin = new Map();
const unfenced = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  for (const file of sources(src)) {
    for (const [i, example] of examplesOf(file).entries()) {
      if (example.code === null) {
        unfenced.push(`${relative(root, file)}:${example.line}`);
        continue;
      }
      const name = `${relative(join(root, 'packages'), file).replace(/[/.]/g, '_')}_${i}.ts`;
      const path = join(out, name);
      // `export {}` makes every example a module (top-level await, no name clashes).
      writeFileSync(path, `${example.code}\nexport {};\n`);
      files.push(path);
      origin.set(path, `${relative(root, file)}:${example.line}`);
    }
  }
}
if (process.argv.includes('--list')) for (const f of files) console.log(origin.get(f));

const program = ts.createProgram(files, {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ['node'],
  typeRoots: [join(docs, 'node_modules/@types')],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowUnreachableCode: true,
});
const diagnostics = ts.getPreEmitDiagnostics(program);
for (const d of diagnostics) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file) {
    console.log(`error: ${message}`);
    continue;
  }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const where = origin.get(resolve(d.file.fileName)) ?? d.file.fileName;
  const code = d.file.text.split('\n')[line]?.trim();
  console.log(`${where} (example line ${line + 1}): ${message}\n    ${code}`);
}
for (const where of unfenced) {
  console.log(`${where}: @example is not a fenced \`\`\`ts block, so it cannot be type-checked`);
}
const bad = new Set(diagnostics.map((d) => d.file?.fileName)).size;
console.log(
  `examples: ${files.length - bad} passed, ${bad} failed, ${unfenced.length} unfenced (errors)`,
);
process.exit(diagnostics.length > 0 || unfenced.length > 0 ? 1 : 0);
