// Lists exported functions and classes whose TSDoc is missing or has no @example (a report, not a gate).
import { createRequire } from 'node:module';

const ts = createRequire(new URL('../../packages/tensor/package.json', import.meta.url))(
  'typescript',
);
const entries = [
  'tensor/src/index.ts',
  'tensor/src/testing/index.ts',
  'autograd/src/index.ts',
  'optim/src/index.ts',
  'backend-gpujs/src/index.ts',
  'train/src/index.ts',
  'train/src/checkpoint/index.ts',
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
let total = 0,
  noDoc = [],
  noExample = [];
function visit(sym, prefix) {
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  const decl = sym.declarations?.[0];
  if (!decl) return;
  if (ts.isModuleDeclaration(decl) || ts.isSourceFile(decl)) {
    for (const s of checker.getExportsOfModule(sym)) visit(s, `${prefix + sym.name}.`);
    return;
  }
  if (!(sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))) return;
  total++;
  const doc = ts.displayPartsToString(sym.getDocumentationComment(checker));
  const tags = sym.getJsDocTags(checker).map((t) => t.name);
  const name = `${prefix + sym.name} (${decl.getSourceFile().fileName.split('/packages/')[1]})`;
  if (!doc.trim()) noDoc.push(name);
  else if (!tags.includes('example')) noExample.push(name);
}
for (const e of entries) {
  const sf = program.getSourceFile(e);
  const m = checker.getSymbolAtLocation(sf);
  for (const s of checker.getExportsOfModule(m))
    visit(s, `${e.split('/packages/')[1].split('/src')[0]}:`);
}
console.log(
  `exported functions+classes: ${total}; no TSDoc: ${noDoc.length}; TSDoc without @example: ${noExample.length}`,
);
console.log(`NO DOC:\n${noDoc.join('\n')}`);
console.log(`NO EXAMPLE:\n${noExample.join('\n')}`);
