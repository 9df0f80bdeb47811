import type { WasmApi, WasmRuntime } from './wasm-runtime.js';

// What a part of a threaded kernel is, and how a thread runs one: calls of the WebAssembly
// modules' exports, or of modules generated at run time (see thread-pool.ts).

/** The exports a part may call, by index. */
export const WASM_FUNCTIONS = [
  'gemm',
  'convForward',
  'convBackpropInput',
  'convBackpropFilter',
  'maxPool',
  'avgPool',
  'addInto',
  'binary',
  'compare',
  'select',
  'unary',
  'sumColumns',
  'reduceRows',
  'extremaColumns',
] as const;
export type WasmFunction = (typeof WASM_FUNCTIONS)[number];

/** A call of one of the modules' exports. */
export interface ModuleCall {
  readonly fn: WasmFunction;
  readonly args: readonly number[];
}

/**
 * A module compiled at run time (see fused-wasm.ts) over the arena memory: each thread
 * instantiates it once from its bytes, the first time it runs it, and calls its `run`.
 */
export interface GeneratedModule {
  /** Unique in the process. */
  readonly id: number;
  readonly bytes: Uint8Array;
}

/** A call of a generated module's `run`. */
export interface GeneratedCall {
  readonly fn: 'generated';
  readonly module: GeneratedModule;
  readonly args: readonly number[];
}

export type WasmCall = ModuleCall | GeneratedCall;

/**
 * Generated modules a thread keeps instantiated; past this it drops them all and is sent
 * again what it needs (a program that builds ever new trees must not grow without end).
 */
export const MAX_THREAD_MODULES = 256;

const ELEMENTWISE_FUNCTIONS: ReadonlySet<WasmFunction> = new Set([
  'binary',
  'compare',
  'select',
  'unary',
  'sumColumns',
  'reduceRows',
  'extremaColumns',
]);

const instances = new Map<number, (...args: number[]) => void>();

/** The calling thread's instance of a generated module. */
function generatedRun(wasm: WasmRuntime, module: GeneratedModule): (...args: number[]) => void {
  let run = instances.get(module.id);
  if (run === undefined) {
    if (instances.size >= MAX_THREAD_MODULES) instances.clear();
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new api.Instance(new api.Module(module.bytes), {
      env: { memory: wasm.arena },
    });
    run = (instance.exports as { run: (...args: number[]) => void }).run;
    instances.set(module.id, run);
  }
  return run;
}

/** Runs `calls` on the calling thread, in order. */
export function runCallsHere(wasm: WasmRuntime, calls: readonly WasmCall[]): void {
  for (const call of calls) {
    if (call.fn === 'generated') {
      generatedRun(wasm, call.module)(...call.args);
      continue;
    }
    const exports =
      call.fn === 'gemm'
        ? wasm.gemm
        : ELEMENTWISE_FUNCTIONS.has(call.fn)
          ? wasm.elementwise
          : wasm.kernels;
    (exports as unknown as Record<string, (...args: number[]) => void>)[call.fn]!(...call.args);
  }
}
