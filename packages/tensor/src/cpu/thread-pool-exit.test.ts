// Worker threads never keep a Node process alive: a script that runs threaded ops and then
// simply ends must exit by itself, with code 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const source = fileURLToPath(new URL('../index.ts', import.meta.url));
const pool = fileURLToPath(new URL('./thread-pool.ts', import.meta.url));

describe('CPU worker threads and process exit', () => {
  it('a script that used two threads exits by itself', () => {
    const directory = mkdtempSync(join(tmpdir(), 'gradkit-threads-'));
    try {
      const script = join(directory, 'threads.ts');
      writeFileSync(
        script,
        [
          `import { createCpuBackend, matmul, setBackend, tensor } from ${JSON.stringify(source)};`,
          `import { workerCount } from ${JSON.stringify(pool)};`,
          'setBackend(createCpuBackend({ threads: 2 }));',
          'const a = tensor(Float32Array.from({ length: 256 * 256 }, (_, i) => Math.sin(i)), [256, 256]);',
          'matmul(a, a).dispose();',
          "console.log('workers ' + workerCount());",
        ].join('\n'),
      );
      const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.error).toBeUndefined();
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('workers 1');
      expect(result.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
