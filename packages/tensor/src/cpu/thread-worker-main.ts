import type { WasmApi } from './wasm-runtime.js';

/**
 * The worker's whole program. It must stay self-contained (no imports, no outer names): its
 * source text is what the worker runs, so the same code serves ESM, CJS and browser builds.
 */
export function workerMain(data: {
  readonly memory: unknown;
  readonly gemm: unknown;
  readonly kernels: unknown;
  readonly elementwise: unknown;
  readonly arena: unknown;
  readonly mailbox: SharedArrayBuffer;
  readonly pollMs: number;
}): void {
  const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const gemm = new api.Instance(data.gemm as object, { env: { memory: data.memory } })
    .exports as Record<string, (...args: number[]) => void>;
  const kernels = new api.Instance(data.kernels as object, {
    env: { memory: data.memory },
    gemm: { gemm: gemm.gemm, gemmDot: gemm.gemmDot },
  }).exports as Record<string, (...args: number[]) => void>;
  const elementwise = new api.Instance(data.elementwise as object, {
    env: { memory: data.memory },
  }).exports as Record<string, (...args: number[]) => void>;
  // Same order as WASM_FUNCTIONS (wasm-calls.ts).
  const functions = [
    gemm.gemm!,
    kernels.convForward!,
    kernels.convBackpropInput!,
    kernels.convBackpropFilter!,
    kernels.maxPool!,
    kernels.avgPool!,
    kernels.addInto!,
    elementwise.binary!,
    elementwise.compare!,
    elementwise.select!,
    elementwise.unary!,
    elementwise.sumColumns!,
    elementwise.reduceRows!,
    elementwise.extremaColumns!,
  ];
  // Modules compiled at run time, by id: code -2 (id, byte count, bytes packed 4 per slot)
  // instantiates one over the arena, code -3 (id, arguments...) calls its run, code -4
  // drops them all.
  const generated = new Map<number, (...args: number[]) => void>();
  const box = new Int32Array(data.mailbox);
  // Slots: 0 state, 1 ready (1) or exited (2), 2 call count, 3 message length, 4..259 message,
  // 260.. calls. States: 0 idle, 1 posted, 2 running, 3 done, 4 failed, 5 stop.
  const nodeProcess = (globalThis as { process?: { on(event: 'exit', fn: () => void): void } })
    .process;
  // A thread that dies (an uncaught error, process.exit) says so: the caller may be blocked
  // waiting for it, unable to receive the 'exit' event.
  nodeProcess?.on('exit', () => {
    Atomics.store(box, 1, 2);
    Atomics.notify(box, 1);
    Atomics.notify(box, 0);
  });
  Atomics.store(box, 1, 1);
  Atomics.notify(box, 1);
  // Before sleeping, poll for `data.pollMs`: the next op of a training step usually comes
  // within microseconds, while waking a sleeping thread costs tens of them (more on a VM).
  const clock = (globalThis as { performance?: { now(): number } }).performance;
  // The state to wait out: idle (0) for the next part, or done/failed until collected.
  let waitFor = 0;
  for (;;) {
    // (No named inner functions here: bundlers wrap them in helpers the worker lacks.)
    if (clock !== undefined && Atomics.load(box, 0) === waitFor) {
      const until = clock.now() + data.pollMs;
      let polls = 0;
      while (Atomics.load(box, 0) === waitFor && ((++polls & 63) !== 0 || clock.now() < until));
    }
    Atomics.wait(box, 0, waitFor);
    waitFor = 0;
    const state = Atomics.compareExchange(box, 0, 1, 2);
    if (state === 5) return;
    if (state !== 1) {
      // Done or failed: wait for the caller to collect the result.
      waitFor = state;
      continue;
    }
    // A test's stand-in for a crash: an error nothing catches.
    if (box[260] === -1) throw new Error('worker thread crash requested by a test');
    try {
      let at = 260;
      const count = box[2]!;
      for (let c = 0; c < count; c++) {
        const code = box[at]!;
        const argc = box[at + 1]!;
        const args: number[] = [];
        for (let i = 0; i < argc; i++) args.push(box[at + 2 + i]!);
        if (code === -2) {
          const bytes = new Uint8Array(args[1]!);
          const words = new Int32Array(args.slice(2));
          bytes.set(new Uint8Array(words.buffer, 0, bytes.length));
          const module = new api.Module(bytes);
          const instance = new api.Instance(module, { env: { memory: data.arena } });
          generated.set(args[0]!, (instance.exports as { run: (...a: number[]) => void }).run);
        } else if (code === -3) {
          generated.get(args[0]!)!(...args.slice(1));
        } else if (code === -4) {
          generated.clear();
        } else {
          functions[code]!(...args);
        }
        at += 2 + argc;
      }
      Atomics.store(box, 0, 3);
    } catch (error) {
      const message = String(error instanceof Error ? error.message : error).slice(0, 256);
      for (let i = 0; i < message.length; i++) box[4 + i] = message.charCodeAt(i);
      box[3] = message.length;
      Atomics.store(box, 0, 4);
    }
    Atomics.notify(box, 0);
  }
}
