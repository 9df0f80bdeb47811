import {
  ELEMENTWISE_WASM_BASE64,
  ELEMENTWISE_WASM_BASE64_SHARED,
} from './elementwise-wasm.generated.js';
import { GEMM_WASM_BASE64, GEMM_WASM_BASE64_SHARED } from './gemm-wasm.generated.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_BASE64_SHARED } from './kernels-wasm.generated.js';

/**
 * The CPU backend's WebAssembly SIMD modules: the GEMM (gemm.wat), the convolution and
 * pooling kernels (kernels.wat) and the elementwise ones (elementwise.wat), instantiated over
 * one linear memory, shared (a
 * SharedArrayBuffer) where the runtime allows it so worker threads can run the same modules
 * over the same memory. Compiled and instantiated synchronously on first use, never on import.
 */

// The few WebAssembly JS API pieces used here. Declared locally: this package's TypeScript
// libs (ES2022 + Node) have no WebAssembly types, and a runtime may have no WebAssembly.
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export interface GemmExports {
  workBytes(): number;
  /** C = A x B; see gemm.wat. Pointers are byte offsets, strides are elements. */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    rsa: number,
    csa: number,
    b: number,
    rsb: number,
    csb: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  /** C (+)= A x B^T, both operands rows along k; see gemm.wat. */
  gemmDot(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
}
/** The exports of kernels.wat; see that file for each function's contract. */
export interface KernelExports {
  convForward(params: number, b0: number, b1: number, work: number, patches: number): void;
  convBackpropInput(params: number, b0: number, b1: number, work: number, columns: number): void;
  convBackpropFilter(
    params: number,
    b0: number,
    b1: number,
    work: number,
    patches: number,
    dw: number,
  ): void;
  addInto(dst: number, src: number, n: number): void;
  maxPool(
    x: number,
    y: number,
    dx: number,
    planes: number,
    h: number,
    w: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    pt: number,
    pl: number,
  ): void;
  avgPool(
    x: number,
    y: number,
    dx: number,
    planes: number,
    h: number,
    w: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    pt: number,
    pb: number,
    pl: number,
    pr: number,
    includePad: number,
  ): void;
}
/** The exports of elementwise.wat; see that file for each function's contract. */
export interface ElementwiseExports {
  binary(op: number, a: number, b: number, out: number, n: number, mode: number, m: number): void;
  compare(op: number, a: number, b: number, out: number, n: number, mode: number): void;
  select(cond: number, a: number, b: number, out: number, n: number, mode: number): void;
  unary(op: number, x: number, out: number, n: number): void;
  sumColumns(x: number, out: number, rows: number, cols: number, ld: number): void;
  reduceRows(op: number, x: number, out: number, rows: number, cols: number): void;
  extremaColumns(op: number, x: number, out: number, rows: number, cols: number, ld: number): void;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

// (module (func (result v128) (f32x4.splat (f32.const 0)))): valid only where SIMD is.
// biome-ignore format: bytes.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 253, 19, 11];

const PAGE_BYTES = 65536;
/** Past this much linear memory the kernels fall back to JS (the modules' maximum: 1 GiB). */
const MAX_BYTES = 1 << 30;
/**
 * The most pages a generated module's imported memory may have: under 2 GiB, so every address
 * is a positive int32. The arena, being the kernels' memory, stops at their 1 GiB.
 */
export const ARENA_MAX_PAGES = 32767;

/** The loaded modules and a float32 view of their shared linear memory. */
export interface WasmRuntime {
  readonly gemm: GemmExports;
  readonly kernels: KernelExports;
  readonly elementwise: ElementwiseExports;
  readonly memory: WasmMemory;
  /** Whether the memory is shared, so worker threads can use it. */
  readonly shared: boolean;
  /**
   * The shared memory holding large float32 buffers themselves (see shared-arena.ts), which
   * generated kernels import: `memory` itself, so that every kernel reads and writes them in
   * place; null where memory cannot be shared.
   */
  readonly arena: WasmMemory | null;
  /** The compiled modules, for worker threads to instantiate over the same memory. */
  readonly modules: WasmModules;
  /** Bytes of scratch each GEMM call (each thread) needs. */
  readonly workBytes: number;
  /**
   * A float32 view of linear memory once it holds at least `bytes` bytes (growing it), or null
   * when it would pass the limit or cannot grow. Views taken earlier may be stale after this.
   */
  reserve(bytes: number): Float32Array | null;
}

let runtime: WasmRuntime | null | undefined;
let enabled = true;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A shared memory where the runtime allows one (Node; cross-origin isolated pages), else null. */
function sharedMemory(api: WasmApi): WasmMemory | null {
  if (typeof SharedArrayBuffer === 'undefined') return null;
  try {
    return new api.Memory({ initial: 1, maximum: MAX_BYTES / PAGE_BYTES, shared: true });
  } catch {
    return null;
  }
}

/** Instantiates the two modules over `memory`: the same code runs in every worker thread. */
export function instantiate(
  api: WasmApi,
  modules: WasmModules,
  memory: WasmMemory,
): { gemm: GemmExports; kernels: KernelExports; elementwise: ElementwiseExports } {
  const gemm = new api.Instance(modules.gemm, { env: { memory } }).exports as GemmExports;
  const kernels = new api.Instance(modules.kernels, {
    env: { memory },
    gemm: { gemm: gemm.gemm, gemmDot: gemm.gemmDot },
  }).exports as KernelExports;
  const elementwise = new api.Instance(modules.elementwise, { env: { memory } })
    .exports as ElementwiseExports;
  return { gemm, kernels, elementwise };
}

/** The compiled modules. */
export interface WasmModules {
  readonly gemm: object;
  readonly kernels: object;
  readonly elementwise: object;
}

function load(): WasmRuntime | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (api === undefined || !api.validate(new Uint8Array(SIMD_PROBE))) return null;
    const shared = sharedMemory(api);
    const memory = shared ?? new api.Memory({ initial: 1, maximum: MAX_BYTES / PAGE_BYTES });
    // Both modules are a few KB: small enough for synchronous compilation on a browser's main
    // thread (Chromium refuses it only above its size limit, once 4 KB, now 8 MB).
    const modules = {
      gemm: new api.Module(decodeBase64(shared ? GEMM_WASM_BASE64_SHARED : GEMM_WASM_BASE64)),
      kernels: new api.Module(
        decodeBase64(shared ? KERNELS_WASM_BASE64_SHARED : KERNELS_WASM_BASE64),
      ),
      elementwise: new api.Module(
        decodeBase64(shared ? ELEMENTWISE_WASM_BASE64_SHARED : ELEMENTWISE_WASM_BASE64),
      ),
    };
    const { gemm, kernels, elementwise } = instantiate(api, modules, memory);
    // One memory: kernels read and write arena tensors where they are, with no copies.
    const arena = shared;
    let heap = new Float32Array(memory.buffer);
    return {
      gemm,
      kernels,
      elementwise,
      memory,
      shared: shared !== null,
      arena,
      modules,
      workBytes: gemm.workBytes(),
      reserve(bytes) {
        if (bytes > MAX_BYTES) return null;
        if (memory.buffer.byteLength < bytes) {
          try {
            memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
          } catch {
            return null;
          }
        }
        // Growing replaces the buffer; the view must follow it.
        if (heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer);
        return heap;
      },
    };
  } catch {
    return null;
  }
}

/**
 * The WebAssembly kernels, or null where the runtime has no WebAssembly SIMD or they were
 * switched off with {@link setWasmEnabled}. Loads the modules on first call.
 */
export function wasmRuntime(): WasmRuntime | null {
  if (!enabled) return null;
  if (runtime === undefined) runtime = load();
  return runtime;
}

/**
 * Switches the WebAssembly kernels off (JS fallback everywhere) or back on. Internal: for tests
 * and benchmarks, not exported by the package.
 */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

// Where a kernel call's scratch regions start, in float32 elements: past the arena's highest
// region (the two share one memory), never at address 0.
let scratchStart = 4;

/**
 * Moves the start of kernel calls' scratch regions to `bytes` (a multiple of 16): the arena
 * calls it whenever its highest region moves. Internal.
 */
export function setScratchStart(bytes: number): void {
  scratchStart = Math.max(4, bytes / 4);
}

/**
 * Hands out 16-byte aligned float32 regions of linear memory for one kernel call, past the
 * arena's regions. Address 0 stays unused (the kernels read a 0 pointer as "none").
 */
export class WasmLayout {
  /** End of the regions taken so far, in float32 elements. */
  private end = scratchStart;

  /** The element index of a new region of `elements` float32s. */
  take(elements: number): number {
    const start = this.end;
    this.end += (elements + 3) & ~3;
    return start;
  }

  /** Bytes the regions taken so far span, from address 0. */
  get bytes(): number {
    return this.end * 4;
  }
}
