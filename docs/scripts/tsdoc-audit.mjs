// Lists exported functions and classes whose TSDoc is missing or has no @example, and exits 1
// when there is any (`pnpm lint` in docs/ runs it, so CI fails on an undocumented export).
import { createRequire } from 'node:module';

const ts = createRequire(new URL('../../packages/tensor/package.json', import.meta.url))(
  'typescript',
);
const entries = [
  'tensor/src/index.ts',
  'tensor/src/testing/index.ts',
  'autograd/src/index.ts',
  'optim/src/index.ts',
  'jit/src/index.ts',
  'backend-gpujs/src/index.ts',
  'train/src/index.ts',
  'train/src/checkpoint/index.ts',
  'train/src/torch/index.ts',
  'train/src/mxnet/index.ts',
].map((e) => new URL(`../../packages/${e}`, import.meta.url).pathname);
const program = ts.createProgram(entries, {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  customConditions: ['@gradkit/source'],
  noEmit: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();
const seen = new Set();
let total = 0,
  noDoc = [],
  noExample = [];
function visit(sym, prefix) {
  const exportName = sym.name;
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  const decl = sym.declarations?.[0];
  if (!decl) return;
  if (ts.isModuleDeclaration(decl) || ts.isSourceFile(decl)) {
    for (const s of checker.getExportsOfModule(sym)) visit(s, `${prefix + exportName}.`);
    return;
  }
  if (!(sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))) return;
  // Once per declaration (entries re-export each other); a re-export of another package's dist
  // types is audited in that package's own sources.
  if (seen.has(sym) || !decl.getSourceFile().fileName.includes('/src/')) return;
  seen.add(sym);
  total++;
  const doc = ts.displayPartsToString(sym.getDocumentationComment(checker));
  const tags = sym.getJsDocTags(checker).map((t) => t.name);
  if (tags.includes('internal')) return; // not public API (TypeDoc leaves it out too)
  const name = `${prefix + exportName} (${decl.getSourceFile().fileName.split('/packages/')[1]})`;
  if (!doc.trim()) noDoc.push(name);
  else if (!tags.includes('example')) noExample.push(name);
}
for (const e of entries) {
  const sf = program.getSourceFile(e);
  const m = checker.getSymbolAtLocation(sf);
  for (const s of checker.getExportsOfModule(m))
    visit(
      s,
      `${e
        .split('/packages/')[1]
        .replace('/src', '')
        .replace(/\/index\.ts$/, '')}:`,
    );
}
console.log(
  `exported functions+classes: ${total}; no TSDoc: ${noDoc.length}; TSDoc without @example: ${noExample.length}`,
);
console.log(`NO DOC:\n${noDoc.join('\n')}`);
console.log(`NO EXAMPLE:\n${noExample.join('\n')}`);
process.exit(noDoc.length + noExample.length > 0 ? 1 : 0);
