import { BackendError } from '../errors.js';
import { workerMain } from './thread-worker-main.js';
import { MAX_THREAD_MODULES, runCallsHere, WASM_FUNCTIONS, type WasmCall } from './wasm-calls.js';
import { type WasmRuntime, wasmRuntime } from './wasm-runtime.js';

/**
 * Worker threads that run the WebAssembly kernels over the CPU backend's shared linear memory.
 * A kernel splits its work into fixed parts (by the thread count and the sizes alone, never by
 * which thread is free), runs part 0 on the calling thread and hands the others to workers
 * through a shared mailbox each, then blocks until all are done: ops stay synchronous. A part
 * is a list of calls to the modules' exports with integer arguments, or to modules generated at
 * run time (fused elementwise passes, over the arena memory of shared-arena.ts), which a
 * thread instantiates from their bytes the first time it is sent one.
 *
 * Node: `worker_threads` (found through `process.getBuiltinModule`, so nothing Node-specific is
 * imported), unref'd so they never keep the process alive. Browsers: Web Workers from a blob,
 * in cross-origin isolated pages only (SharedArrayBuffer). Elsewhere one thread, with the
 * reason logged once.
 */

// Call codes of the mailbox beyond the indices of WASM_FUNCTIONS.
const CRASH_CODE = -1;
const COMPILE_CODE = -2;
const GENERATED_CODE = -3;
const FORGET_CODE = -4;

// Mailbox layout (Int32 slots) and states; thread-worker-main.ts repeats the numbers, being self-contained.
const STATE = 0;
const READY = 1;
const COUNT = 2;
const MESSAGE_LENGTH = 3;
const MESSAGE = 4;
const MESSAGE_CAPACITY = 256;
const CALLS = MESSAGE + MESSAGE_CAPACITY;
const MAILBOX_SLOTS = 4096;
const IDLE = 0;
const POSTED = 1;
const DONE = 3;
const FAILED = 4;
const STOP = 5;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'exit' | 'error', listener: (value: unknown) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'error', listener: () => void): void;
}
interface BrowserGlobals {
  Worker?: new (url: string) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  process?: { getBuiltinModule?: (id: string) => unknown };
}

const globals = globalThis as unknown as BrowserGlobals;

function nodeModule<T>(id: string): T | undefined {
  try {
    return globals.process?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** Whether the calling thread may block in Atomics.wait (Node's main thread may, a page's not). */
const canBlock = nodeModule('node:worker_threads') !== undefined;

/**
 * The number of threads the CPU backend uses by default: the cores available to this process
 * (`os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers), or 1.
 *
 * @example
 * ```ts
 * import { createCpuBackend, defaultCpuThreads } from '@gradkit/tensor';
 *
 * const backend = createCpuBackend({ threads: Math.max(1, defaultCpuThreads() - 1) });
 * ```
 */
export function defaultCpuThreads(): number {
  const os = nodeModule<{ availableParallelism?: () => number; cpus?: () => unknown[] }>('node:os');
  const count =
    os?.availableParallelism?.() ?? os?.cpus?.().length ?? globals.navigator?.hardwareConcurrency;
  return Number.isInteger(count) && count! >= 1 ? Math.min(count!, 64) : 1;
}

interface Slot {
  readonly box: Int32Array;
  /** Generated modules this worker has instantiated. */
  readonly modules: Set<number>;
  /** Generated modules in the part last posted: instantiated once the worker finishes it. */
  pending: number[];
  readonly stop: () => void;
  /** Set by the worker's 'exit' / 'error' events, its exit flag, or when it stopped answering. */
  dead: boolean;
  /** Tests: the next part posted makes the worker crash. */
  crashNext: boolean;
}

const EXITED = 2;

/** Timeouts of a wait on a worker, in ms: to pick a posted part up, and to finish it. */
export interface PoolTimeouts {
  pickUp: number;
  finish: number;
}

const timeouts: PoolTimeouts = { pickUp: 10_000, finish: 600_000 };

/** Sets the pool's watchdog timeouts (tests shorten them). Internal. */
export function setPoolTimeouts(next: Partial<PoolTimeouts>): void {
  Object.assign(timeouts, next);
}

let stealing = true;
/**
 * How long a thread polls before it sleeps (ms), the caller for a part to finish and a
 * worker for its next part: the ops of a training step follow each other within
 * microseconds, while waking a sleeping thread costs tens of them on a VM (measured on
 * LeNet5's step: 0.2 ms of polling saved about 5% against none).
 */
const POLL_MS = 0.2;

/**
 * Whether the calling thread takes back parts its workers have not started (on by default).
 * Internal: tests switch it off to make a given worker run a given part.
 */
export function setPartStealing(on: boolean): void {
  stealing = on;
}

let slots: Slot[] = [];
/** Parts finished by worker threads since the process started (see cpuThreadStats). */
let partsOnWorkers = 0;
let unavailableReason: string | null | undefined;
let reasonLogged = false;

/** Why worker threads cannot run here, or null when they can. */
function threadsUnavailable(wasm: WasmRuntime): string | null {
  if (!wasm.shared)
    return 'SharedArrayBuffer is unavailable (a page must be cross-origin isolated)';
  if (nodeModule('node:worker_threads') !== undefined) return null;
  if (globals.Worker === undefined || globals.Blob === undefined || globals.URL === undefined) {
    return 'this runtime has no worker threads';
  }
  if (globals.crossOriginIsolated === false) return 'the page is not cross-origin isolated';
  return null;
}

function startWorker(wasm: WasmRuntime): Slot {
  const mailbox = new SharedArrayBuffer(MAILBOX_SLOTS * 4);
  const box = new Int32Array(mailbox);
  const data = {
    memory: wasm.memory,
    ...wasm.modules,
    arena: wasm.arena,
    mailbox,
    pollMs: POLL_MS,
  };
  const threads = nodeModule<NodeWorkerThreads>('node:worker_threads');
  let slot: Slot;
  if (threads !== undefined) {
    const code = `const { workerData } = require('node:worker_threads');\n(${workerMain.toString()})(workerData);`;
    const worker = new threads.Worker(code, { eval: true, workerData: data });
    worker.unref();
    slot = {
      box,
      modules: new Set(),
      pending: [],
      stop: () => void worker.terminate(),
      dead: false,
      crashNext: false,
    };
    const die = () => {
      slot.dead = true;
    };
    worker.on('exit', die);
    worker.on('error', die);
  } else {
    const source = `self.onmessage = (event) => (${workerMain.toString()})(event.data);`;
    const url = globals.URL!.createObjectURL(
      new globals.Blob!([source], { type: 'text/javascript' }),
    );
    const worker = new globals.Worker!(url);
    worker.postMessage(data);
    slot = {
      box,
      modules: new Set(),
      pending: [],
      stop: () => worker.terminate(),
      dead: false,
      crashNext: false,
    };
    worker.addEventListener('error', () => {
      slot.dead = true;
    });
  }
  return slot;
}

/** Waits until the worker is ready (Node only: a page's main thread cannot block). */
function awaitReady(slot: Slot): void {
  if (!canBlock) return;
  const deadline = Date.now() + timeouts.pickUp;
  while (Atomics.load(slot.box, READY) === 0 && Date.now() < deadline) {
    Atomics.wait(slot.box, READY, 0, 50);
  }
}

/** The workers for parts 1..parts-1, started as needed; null when threads cannot run here. */
function workers(wasm: WasmRuntime, parts: number): Slot[] | null {
  if (unavailableReason === undefined) unavailableReason = threadsUnavailable(wasm);
  if (unavailableReason === null) {
    for (let i = 0; i < parts - 1; i++) {
      const slot = slots[i];
      if (slot === undefined || slot.dead || Atomics.load(slot.box, READY) === EXITED) {
        slot?.stop();
        slots[i] = startWorker(wasm);
        awaitReady(slots[i]!);
        // A worker that cannot even start would be restarted on every op: give threads up.
        if (Atomics.load(slots[i]!.box, READY) === EXITED) {
          unavailableReason = 'a worker thread exited while starting';
        }
      }
    }
  }
  if (unavailableReason !== null) {
    if (!reasonLogged) {
      reasonLogged = true;
      console.info(`@gradkit/tensor: the CPU backend runs on one thread: ${unavailableReason}.`);
    }
    return null;
  }
  return slots;
}

/** The mailbox words of `calls`: code, argument count, arguments, for each call. */
function encode(slot: Slot, calls: readonly WasmCall[]): { words: number[]; count: number } {
  const words: number[] = [];
  let count = calls.length;
  for (const call of calls) {
    if (call === CRASH) {
      words.push(CRASH_CODE, 0);
    } else if (call.fn === 'generated') {
      const { id, bytes } = call.module;
      if (!slot.modules.has(id) && slot.modules.size >= MAX_THREAD_MODULES) {
        words.push(FORGET_CODE, 0);
        count++;
        slot.modules.clear();
      }
      if (!slot.modules.has(id)) {
        const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
        padded.set(bytes);
        const packed = Array.from(new Int32Array(padded.buffer));
        words.push(COMPILE_CODE, 2 + packed.length, id, bytes.length, ...packed);
        count++;
      }
      words.push(GENERATED_CODE, 1 + call.args.length, id, ...call.args);
    } else {
      words.push(WASM_FUNCTIONS.indexOf(call.fn), call.args.length, ...call.args);
    }
  }
  return { words, count };
}

function post(slot: Slot, parts: readonly WasmCall[]): boolean {
  const box = slot.box;
  const calls: readonly WasmCall[] = slot.crashNext ? [CRASH, ...parts] : parts;
  const { words, count } = encode(slot, calls);
  if (CALLS + words.length > MAILBOX_SLOTS) return false;
  slot.crashNext = false;
  box.set(words, CALLS);
  slot.pending = calls.flatMap((call) => (call.fn === 'generated' ? [call.module.id] : []));
  box[COUNT] = count;
  Atomics.store(box, STATE, POSTED);
  Atomics.notify(box, STATE);
  return true;
}

const CRASH: WasmCall = { fn: 'addInto', args: [] };

/**
 * Blocks until the worker finishes its part. Returns false when the worker never picked the
 * part up (dead before it, or not scheduled within the pick-up timeout): the part is taken
 * back, untouched, for the caller to run, and the worker is restarted on next use. A trap, or
 * a worker that dies or stalls while running its part, is a BackendError.
 */
function collect(op: string, index: number, slot: Slot): boolean {
  const box = slot.box;
  const start = Date.now();
  const spinUntil = performance.now() + POLL_MS;
  let polls = 0;
  for (;;) {
    const state = Atomics.load(box, STATE);
    if (state === DONE || state === FAILED) {
      Atomics.store(box, STATE, IDLE);
      Atomics.notify(box, STATE);
      // A part taken back never reached the worker: only a finished one proves its modules.
      if (state === DONE) {
        for (const id of slot.pending) slot.modules.add(id);
        partsOnWorkers++;
      } else slot.modules.clear();
      if (state === FAILED) {
        const chars = Array.from(box.subarray(MESSAGE, MESSAGE + box[MESSAGE_LENGTH]!));
        const message = String.fromCharCode(...chars);
        throw new BackendError(op, undefined, `failed in CPU worker thread ${index}: ${message}`);
      }
      return true;
    }
    if (Atomics.load(box, READY) === EXITED) slot.dead = true;
    const waited = Date.now() - start;
    if (state === POSTED && (slot.dead || waited > timeouts.pickUp)) {
      // Not picked up: take the part back whole, unless the worker has just started it.
      if (Atomics.compareExchange(box, STATE, POSTED, IDLE) === POSTED) {
        slot.dead = true;
        slot.stop();
        return false;
      }
      continue;
    }
    if (state !== POSTED && (slot.dead || waited > timeouts.finish)) {
      const why = slot.dead ? 'stopped' : `did not answer in ${timeouts.finish} ms`;
      slot.dead = true;
      slot.stop();
      throw new BackendError(op, undefined, `CPU worker thread ${index} ${why}`);
    }
    // Poll before sleeping: a part usually finishes within a few microseconds of ours.
    if (canBlock && (++polls & 63) === 0 && performance.now() > spinUntil) {
      Atomics.wait(box, STATE, state, 20);
    }
  }
}

function wrapTrap(op: string, error: unknown): BackendError {
  return new BackendError(op, undefined, `WebAssembly kernel failed: ${String(error)}`);
}

/**
 * Runs `parts` (lists of WebAssembly calls), part 0 on this thread and part i on worker i, and
 * returns when all have finished. With workers unavailable every part runs here, in order: the
 * results are the same, since each part writes its own outputs; so is a part a worker has
 * not picked up by the time this thread is done with its own, which this thread then runs. A trap, or a worker that dies while running its part, throws a BackendError
 * naming `op` after every part has stopped; the pool stays usable.
 */
export function runParts(op: string, parts: readonly (readonly WasmCall[])[]): void {
  const wasm = wasmRuntime();
  if (wasm === null) throw new BackendError(op, undefined, 'needs WebAssembly, unavailable here');
  const pool = parts.length > 1 ? workers(wasm, parts.length) : null;
  const posted: boolean[] = parts.map(
    (calls, i) =>
      i > 0 &&
      pool !== null &&
      Atomics.load(pool[i - 1]!.box, READY) === 1 &&
      post(pool[i - 1]!, calls),
  );
  let failure: unknown = null;
  try {
    runCallsHere(wasm, parts[0] ?? []);
    for (let i = 1; i < parts.length; i++) if (!posted[i]) runCallsHere(wasm, parts[i]!);
    // A part its worker has not started yet (its core busy elsewhere) is taken back and run
    // here rather than waited for. Who runs a part does not change its result.
    for (let i = 1; i < parts.length; i++) {
      // Without workers (pool null) nothing was posted.
      if (!stealing || !posted[i]) continue;
      if (Atomics.compareExchange(pool![i - 1]!.box, STATE, POSTED, IDLE) === POSTED) {
        posted[i] = false;
        runCallsHere(wasm, parts[i]!);
      }
    }
  } catch (error) {
    failure = wrapTrap(op, error);
  }
  for (let i = 1; i < parts.length; i++) {
    if (!posted[i]) continue;
    try {
      if (!collect(op, i, pool![i - 1]!)) runCallsHere(wasm, parts[i]!);
    } catch (error) {
      failure ??= error instanceof BackendError ? error : wrapTrap(op, error);
    }
  }
  if (failure !== null) throw failure;
}

/** Makes worker `index` (1-based) crash when it picks up its next part. Tests only. */
export function crashWorkerForTesting(index: number): void {
  const slot = slots[index - 1];
  if (slot !== undefined) slot.crashNext = true;
}

/** Stops worker `index` (1-based) without telling the pool. Tests only. */
export function killWorkerForTesting(index: number): void {
  slots[index - 1]?.stop();
}

/** Number of worker threads started so far. Internal: tests and benchmarks. */
export function workerCount(): number {
  return slots.filter((slot) => slot !== undefined && !slot.dead).length;
}

/** What {@link cpuThreadStats} reports. */
export interface CpuThreadStats {
  /** Worker threads started and ready to take parts (the calling thread not counted). */
  readonly readyWorkers: number;
  /** Parts of kernels that worker threads have finished since the process (page) started. */
  readonly partsOnWorkers: number;
  /**
   * Why the CPU backend runs on one thread here (the reason it logs once), or null when it
   * can use workers; undefined until a kernel first asked for threads.
   */
  readonly singleThreadReason: string | null | undefined;
}

/**
 * Counters of the CPU backend's worker pool, shared by every CPU backend of the process (or
 * page): to check that `threads` really run in a given runtime, such as a browser page that
 * must be cross-origin isolated for them. In a page, workers start in the background, so the
 * first ops after `createCpuBackend` may run on the calling thread alone.
 *
 * @internal
 * @example
 * ```ts
 * import { createCpuBackend, matmul, ones, withBackend } from '@gradkit/tensor';
 * import { cpuThreadStats } from '@gradkit/tensor/testing';
 *
 * withBackend(createCpuBackend({ threads: 2 }), () => matmul(ones([256, 256]), ones([256, 256])));
 * const { partsOnWorkers, singleThreadReason } = cpuThreadStats();
 * console.log(partsOnWorkers > 0 ? 'threads ran' : `one thread: ${singleThreadReason}`);
 * ```
 */
export function cpuThreadStats(): CpuThreadStats {
  return {
    readyWorkers: slots.filter(
      (slot) => slot !== undefined && !slot.dead && Atomics.load(slot.box, READY) === 1,
    ).length,
    partsOnWorkers,
    singleThreadReason: unavailableReason,
  };
}

/** Stops every worker (they restart on demand). Internal: tests. */
export function stopWorkers(): void {
  for (const slot of slots) {
    if (slot === undefined) continue;
    Atomics.store(slot.box, STATE, STOP);
    Atomics.notify(slot.box, STATE);
    slot.stop();
  }
  slots = [];
}

/** Splits [0, total) into `parts` contiguous ranges fixed by the two numbers alone. */
export function splitRange(total: number, parts: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const start = Math.floor((i * total) / parts);
    const end = Math.floor(((i + 1) * total) / parts);
    if (end > start) ranges.push([start, end]);
  }
  return ranges;
}

let active = 1;

/** The thread count the running kernel may use; set by the CPU backend around each call. */
export function activeThreads(): number {
  return active;
}

/** Sets the thread count for the kernels that follow. Internal: the CPU backend. */
export function setActiveThreads(threads: number): void {
  active = threads;
}
