// The type half of the install test: a fresh npm project with every packed @gradkit package
// imports every published entry point (ESM, and CommonJS through a .cts file under NodeNext)
// and names types through the namespaces (`optim.AdamHyperparameters`), then tsc checks it
// strictly with skipLibCheck: false (every shipped .d.ts is checked) in NodeNext and bundler
// resolution, with and without @types/node, under the workspace's TypeScript and under
// TypeScript 5.0 (the oldest the packages support: their declarations use `const` type
// parameters). Returns one { name, ok, output } per combination.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The import specifiers of a package's published entry points (its exports, less package.json). */
export function entryPoints(manifest) {
  return Object.keys(manifest.exports ?? { '.': null })
    .filter((subpath) => !subpath.endsWith('package.json'))
    .map((subpath) => (subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`));
}

// Names a type from each namespace and uses values across entry points, so a declaration that
// only looks right (a type emitted as a value) fails here too.
const usage = `
import { tensor, type Tensor } from '@gradkit/tensor';
import { optim, nn, Parameter, type ProgressBarOptions } from '@gradkit/train';
import * as torch from '@gradkit/train/torch';
type AdamSettings = optim.AdamHyperparameters;
const settings: Partial<AdamSettings> = {};
const w = new Parameter(tensor([1, 2]), 'w');
const adam: optim.Adam = new optim.Adam([w], { lr: 0.1 });
const sgd: nn.SGD = new nn.SGD([w], { learningRate: 0.1 });
const torchAdam: torch.Adam = new torch.Adam([w], { lr: 0.1 });
const bar: ProgressBarOptions = { stream: { write: (chunk: string) => chunk.length } };
const t: Tensor = w.value;
export const used = [settings, adam, sgd, torchAdam, bar, t];
`;

function sources(specifiers) {
  const imports = specifiers.map((s, i) => `import * as entry${i} from '${s}';`).join('\n');
  const list = `export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];\n`;
  return `${imports}\n${list}`;
}

export function typeCheckConsumers({ project, root, specifiers }) {
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'src/entries.ts'), sources(specifiers));
  writeFileSync(join(project, 'src/usage.ts'), usage);
  // A CommonJS file of the same project: under NodeNext it resolves the require conditions.
  writeFileSync(join(project, 'src/entries-require.cts'), sources(specifiers));
  const typeRoots = [join(root, 'node_modules/@types')];
  const compilers = [
    ['typescript', 'workspace TypeScript'],
    ['typescript-5.0', 'TypeScript 5.0'],
  ];
  const results = [];
  for (const [pkg, compilerName] of compilers) {
    const tsc = createRequire(join(root, 'package.json')).resolve(`${pkg}/bin/tsc`);
    const version = createRequire(join(root, 'package.json'))(`${pkg}/package.json`).version;
    for (const resolution of ['NodeNext', 'bundler']) {
      for (const withNode of [true, false]) {
        const name = `${compilerName} ${version}, ${resolution}, ${withNode ? 'with' : 'without'} @types/node`;
        const config = `tsconfig.${resolution}.${withNode ? 'node' : 'plain'}.json`;
        writeFileSync(
          join(project, config),
          JSON.stringify(
            {
              compilerOptions: {
                strict: true,
                skipLibCheck: false,
                noEmit: true,
                target: 'ES2022',
                lib: ['ES2022'],
                module: resolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
                moduleResolution: resolution,
                types: withNode ? ['node'] : [],
                typeRoots: withNode ? typeRoots : [],
              },
              // bundler resolution has no CommonJS files.
              include: resolution === 'NodeNext' ? ['src'] : ['src/*.ts'],
            },
            null,
            2,
          ),
        );
        try {
          execFileSync(process.execPath, [tsc, '-p', config], {
            cwd: project,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          results.push({ name, ok: true, output: '' });
        } catch (error) {
          results.push({ name, ok: false, output: String(error.stdout) + String(error.stderr) });
        }
      }
    }
  }
  return results;
}
