import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let saves = 0;

/**
 * A temporary name beside `path` that no other save shares: the writer's process id (so a
 * later save can tell whether the writer is gone), the time and a counter.
 */
export function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.${Date.now().toString(36)}-${saves++}.tmp`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries of `path` whose writer process no longer runs (killed mid-save):
 * nothing else ever would. Temporaries of live processes, this one included, are left alone,
 * since their saves may still be under way. Returns the removed names.
 */
export function cleanStaleTemporaries(path: string): string[] {
  const directory = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    // `<pid>.<time>-<counter>`, or `<pid>.<time>` as older versions named them.
    const match = /^(\d+)\.[0-9a-z]+(-\d+)?$/.exec(name.slice(prefix.length, -'.tmp'.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    rmSync(join(directory, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Writes `bytes` to `path` atomically: to a temporary of this save's own, then renamed over
 * `path`, after removing the temporaries of `path` that killed saves left.
 */
export function writeAtomically(path: string, bytes: Uint8Array | string): void {
  cleanStaleTemporaries(path);
  const temporary = temporaryPathFor(path);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
