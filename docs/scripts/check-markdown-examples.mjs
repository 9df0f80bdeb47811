// Checks every fenced code block of the READMEs (the repository's, packages/*'s and apps/*'s)
// and of this site's pages, as check-examples.mjs does for TSDoc examples:
// - ```ts / ```typescript blocks are type-checked, each as its own module, in one strict tsc
//   program against the built packages (dist types, as a user's project sees them);
// - blocks whose info string also says `run` (```ts run, ```js run) are executed too, each in
//   its own Node process, which then collects garbage and fails if any tensor was freed by the
//   garbage collector instead of being disposed (memory().finalized > 0): a leak;
// - ```js blocks must be marked `run` (they cannot be type-checked);
// - other languages (sh, json, text, python, ...) are exempt; a block without a language is
//   an error (say `text` for output);
// - ```ts no-check opts a block out; every opt-out is listed in the output.
// Exits 1 on any failure. Usage: node scripts/check-markdown-examples.mjs [--list]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const docs = resolve(import.meta.dirname, '..');
const root = resolve(docs, '..');
const ts = createRequire(join(docs, 'package.json'))('typescript');
const out = join(docs, 'node_modules/.cache/gradkit-markdown-examples');

const TYPESCRIPT = new Set(['ts', 'typescript']);
const JAVASCRIPT = new Set(['js', 'javascript']);

function* markdownFiles() {
  for (const file of ['README.md']) yield join(root, file);
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const readme = join(root, group, name, 'README.md');
      if (existsSync(readme)) yield readme;
    }
  }
  yield* pages(docs);
}

function* pages(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // api/ is generated from the TSDoc, whose examples check-examples.mjs checks.
      if (!['node_modules', 'api', '.vitepress', 'scripts'].includes(entry.name))
        yield* pages(path);
    } else if (entry.name.endsWith('.md')) {
      yield path;
    }
  }
}

/** The fenced blocks of a Markdown file: language, info words, code and line. */
function blocksOf(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  let open = null;
  lines.forEach((line, i) => {
    const fence = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
    if (open === null) {
      if (!fence) return;
      const [language = '', ...words] = fence[3].trim().split(/\s+/).filter(Boolean);
      open = { fence: fence[2], language: language.toLowerCase(), words, line: i + 1, body: [] };
    } else if (fence?.[2].startsWith(open.fence) && fence[3].trim() === '') {
      blocks.push({ ...open, code: open.body.join('\n') });
      open = null;
    } else {
      open.body.push(line);
    }
  });
  return blocks;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const typed = [];
const runnable = [];
const origin = new Map();
const problems = [];
const optedOut = [];
let count = 0;
let otherErrors = 0;
for (const file of markdownFiles()) {
  const where = relative(root, file);
  for (const block of blocksOf(file)) {
    const at = `${where}:${block.line}`;
    if (block.language === '') {
      problems.push(`${at}: a code block without a language (use \`text\` for output)`);
      otherErrors++;
      continue;
    }
    const isTs = TYPESCRIPT.has(block.language);
    const isJs = JAVASCRIPT.has(block.language);
    if (!isTs && !isJs) continue;
    if (block.words.includes('no-check')) {
      optedOut.push(at);
      continue;
    }
    const name = `${where.replace(/[/.]/g, '_')}_${block.line}`;
    count++;
    if (isTs) {
      const path = join(out, `${name}.ts`);
      // `export {}` makes every block a module (top-level await, no name clashes).
      writeFileSync(path, `${block.code}\nexport {};\n`);
      typed.push(path);
      origin.set(path, at);
    } else if (!block.words.includes('run')) {
      problems.push(`${at}: a \`js\` block cannot be type-checked; mark it \`js run\``);
      otherErrors++;
      continue;
    }
    if (block.words.includes('run')) runnable.push({ at, name, code: block.code, isTs });
  }
}
if (process.argv.includes('--list')) for (const at of origin.values()) console.log(at);

// Type-check: strict, against the dist declarations, with Node's types (some blocks are Node
// programs).
const program = ts.createProgram(typed, {
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
const failedFiles = new Set();
for (const d of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file) {
    problems.push(`error: ${message}`);
    otherErrors++;
    continue;
  }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const path = resolve(d.file.fileName);
  const at = origin.get(path) ?? d.file.fileName;
  failedFiles.add(at);
  const code = d.file.text.split('\n')[line]?.trim();
  problems.push(`${at} (block line ${line + 1}): ${message}\n    ${code}`);
}

/**
 * The names a block declares at its top level. The runner exports them, so that what a block
 * still holds when it ends stays reachable (V8 would otherwise drop top-level variables that no
 * function captures) and only tensors it lost track of are left to the garbage collector.
 */
function topLevelNames(code) {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const names = [];
  const collect = (name) => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else
      for (const element of name.elements)
        if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) collect(declaration.name);
    }
  }
  return names;
}

// Run the blocks marked `run`, then look for tensors the garbage collector had to free.
const LEAK_CHECK = `
import { memory } from '@gradkit/tensor';
for (let i = 0; i < 5; i++) {
  globalThis.gc();
  await new Promise((settle) => setTimeout(settle, 20));
}
const { finalized } = memory();
if (finalized > 0) {
  console.error(\`leak: \${finalized} tensors were never disposed (the garbage collector freed them)\`);
  process.exit(1);
}
`;
for (const block of runnable) {
  if (failedFiles.has(block.at)) continue;
  const body = block.isTs
    ? ts.transpileModule(block.code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText
    : block.code;
  const names = topLevelNames(block.code);
  const extension = block.isTs ? 'mjs' : /\brequire\(/.test(body) ? 'cjs' : 'mjs';
  const program = join(out, `${block.name}.run.${extension}`);
  const keep =
    extension === 'cjs'
      ? `\nmodule.exports = { ${names.join(', ')} };\n`
      : `\nexport { ${names.join(', ')} };\n`;
  writeFileSync(program, body + keep);
  const runner = join(out, `${block.name}.runner.mjs`);
  writeFileSync(
    runner,
    `const held = await import('./${block.name}.run.${extension}');\n${LEAK_CHECK}\nvoid held;\n`,
  );
  try {
    execFileSync(process.execPath, ['--expose-gc', runner], {
      cwd: out,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
  } catch (error) {
    const text = `${error.stdout ?? ''}${error.stderr ?? error.message}`.trim();
    problems.push(
      `${block.at}: running it failed:\n    ${text.split('\n').slice(-10).join('\n    ')}`,
    );
    failedFiles.add(block.at);
  }
}

for (const problem of problems) console.log(problem);
for (const at of optedOut) console.log(`${at}: opted out of checking (no-check)`);
console.log(
  `markdown examples: ${count - failedFiles.size} passed (${runnable.length} also run), ${failedFiles.size} failed, ${optedOut.length} opted out, ${otherErrors} other errors`,
);
process.exit(problems.length > 0 ? 1 : 0);
