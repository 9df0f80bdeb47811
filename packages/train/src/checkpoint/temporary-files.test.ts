// A save killed between writing its temporary and renaming it: the temporary stays, and the
// next save of the same path removes it (and only temporaries of processes that are gone).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensor } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../parameter/parameter.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');

/** Starts a save in a child process that blocks right before the rename; kills it there. */
async function killMidSave(path: string): Promise<void> {
  const script = join(dirname(path), 'blocked-save.mts');
  writeFileSync(
    script,
    `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
fs.renameSync = (from) => {
  process.stdout.write('written ' + from + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};
syncBuiltinESMExports();
const { saveCheckpoint } = await import(${JSON.stringify(join(here, 'checkpoint.ts'))});
const { Parameter } = await import(${JSON.stringify(join(here, '..', 'parameter', 'parameter.ts'))});
const { tensor } = await import(${JSON.stringify(join(packageRoot, '..', 'tensor', 'src', 'index.ts'))});
saveCheckpoint([new Parameter(tensor([7, 8, 9]), 'w')], ${JSON.stringify(path)});
`,
  );
  const child = spawn(
    process.execPath,
    ['--conditions=@gradkit/source', '--import', 'tsx', script],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.on('exit', (_code, signal) => resolve(signal));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('written ')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`the save exited (${code}) before the rename: ${stderr}`)),
    );
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('saveCheckpoint after a save was killed mid-write', () => {
  it('removes the orphaned temporary of that path and keeps those of live processes', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gradkit-kill-'));
    const path = join(directory, 'net.safetensors');
    await killMidSave(path);
    const orphans = readdirSync(directory).filter((name) => name.endsWith('.tmp'));
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatch(/^net\.safetensors\.\d+\.[0-9a-z]+-\d+\.tmp$/);
    expect(existsSync(path)).toBe(false);

    // A save under way in another live process (our parent, here) and another file's orphan.
    const live = `net.safetensors.${process.ppid}.abc-0.tmp`;
    const otherFile = orphans[0]!.replace('net.safetensors', 'other.safetensors');
    writeFileSync(join(directory, live), 'partial');
    writeFileSync(join(directory, otherFile), 'partial');

    const param = new Parameter(tensor([1, 2, 3]), 'w');
    saveCheckpoint([param], path);
    expect(readdirSync(directory).sort()).toEqual(
      ['blocked-save.mts', live, 'net.safetensors', otherFile].sort(),
    );
    const loaded = new Parameter(tensor([0, 0, 0]), 'w');
    loadCheckpoint(path, [loaded]);
    expect(loaded.value.toArray()).toEqual([1, 2, 3]);
  });
});
