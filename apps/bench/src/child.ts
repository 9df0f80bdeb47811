import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply, Request } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A system's child process: send one request at a time and await its reply. */
export class Child {
  private readonly process: ChildProcess;
  private pending: ((reply: Reply) => void) | undefined;
  private exited: string | undefined;

  constructor(readonly system: string) {
    this.process = fork(WORKER, [], {
      execArgv: ['--import', 'tsx', '--conditions=@gradkit/source', '--max-old-space-size=8192'],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    // TensorFlow.js greets Node users on stderr; keep everything else.
    this.process.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk
        .toString()
        .replace(/^.*(Hi there|tfjs-node|To speed things up).*\n?/gm, '');
      if (text.trim() !== '') process.stderr.write(`[${system}] ${text}`);
    });
    this.process.on('message', (reply: Reply) => {
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(reply);
    });
    this.process.on('exit', (code, signal) => {
      this.exited = `child exited (${signal ?? code})`;
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.({ type: 'failed', reason: this.exited });
    });
  }

  request(request: Request): Promise<Reply> {
    if (this.exited !== undefined) return Promise.resolve({ type: 'failed', reason: this.exited });
    return new Promise((resolve) => {
      this.pending = resolve;
      this.process.send(request);
    });
  }

  close(): void {
    if (this.exited === undefined) this.process.kill();
  }
}
