import { GEMM_WASM_BASE64 } from './gemm-wasm.generated.js';

/**
 * The WebAssembly SIMD float32 GEMM (gemm.wat) behind the CPU backend's float32 matmul and
 * conv2d. Compiled and instantiated synchronously on first use, never on import; every call
 * copies its operands into the module's linear memory, which grows as needed and is reused.
 */

/** Element (r, c) of the matrix is values[offset + r * rowStride + c * colStride]. */
export interface StridedMatrix<T = ArrayLike<number>> {
  readonly values: T;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

// The few WebAssembly JS API pieces used here. Declared locally: this package's TypeScript
// libs (ES2022 + Node) have no WebAssembly types, and a runtime may have no WebAssembly.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface GemmExports {
  readonly memory: WasmMemory;
  workBytes(): number;
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
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
}

// (module (func (result v128) (f32x4.splat (f32.const 0)))): valid only where SIMD is.
// biome-ignore format: bytes.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 253, 19, 11];

const PAGE_BYTES = 65536;
/** Past this much linear memory (operands + result + packing buffers) the JS kernel runs. */
const MAX_BYTES = 1 << 30;

interface Instance {
  readonly exports: GemmExports;
  readonly workBytes: number;
  heap: Float32Array;
}

let instance: Instance | null | undefined;
let enabled = true;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function load(): Instance | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (api === undefined || !api.validate(new Uint8Array(SIMD_PROBE))) return null;
    // The module is ~1.6 KB: small enough for synchronous compilation on a browser's main
    // thread (Chromium refuses it only above its size limit, once 4 KB, now 8 MB).
    const module = new api.Module(decodeBase64(GEMM_WASM_BASE64));
    const exports = new api.Instance(module).exports as GemmExports;
    const workBytes = exports.workBytes();
    return { exports, workBytes, heap: new Float32Array(exports.memory.buffer) };
  } catch {
    return null;
  }
}

function ready(): Instance | null {
  if (instance === undefined) instance = load();
  return instance;
}

/**
 * Whether float32 products run in WebAssembly: the runtime supports WebAssembly SIMD and the
 * kernel has not been switched off with {@link setWasmGemmEnabled}. Loads the module.
 */
export function wasmGemmAvailable(): boolean {
  return enabled && ready() !== null;
}

/**
 * Switches the WebAssembly kernel off (JS fallback everywhere) or back on. Internal: for tests
 * and benchmarks, not exported by the package.
 */
export function setWasmGemmEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Whether a float32 [m, k] x [k, n] product should run in WebAssembly: whenever it can and
 * k > 0. Measured against the JS kernel (Node 20, x64): the copies in and out of linear memory
 * and the call cost less than the JS kernel's packing even at 2x2x2 (0.8 vs 1.7 µs), and at
 * 8x8x8 it is 0.3 vs 4.7 µs, so there is no size threshold.
 */
export function preferWasmGemm(_m: number, k: number, _n: number): boolean {
  return k > 0 && wasmGemmAvailable();
}

/** Index of the last element of a rows x cols strided matrix, relative to its offset. */
function extent(rows: number, cols: number, a: StridedMatrix): number {
  return (rows - 1) * a.rowStride + (cols - 1) * a.colStride + 1;
}

const align4 = (elements: number) => (elements + 3) & ~3;

/**
 * out[outOffset + i * n + j] = sum_p A(i, p) * B(p, j) for A [m, k] and B [k, n], in float32
 * with the SIMD kernel. Returns false, having written nothing, when the kernel is unavailable
 * or the operands would need more linear memory than it will take; the caller then computes
 * the product itself. m, n >= 1 and k >= 1.
 */
export function wasmGemm(
  m: number,
  k: number,
  n: number,
  a: StridedMatrix<Float32Array>,
  b: StridedMatrix<Float32Array>,
  out: Float32Array,
  outOffset: number,
): boolean {
  const wasm = enabled ? ready() : null;
  if (wasm === null) return false;
  const aSize = extent(m, k, a);
  const bSize = extent(k, n, b);
  const aStart = wasm.workBytes / 4;
  const bStart = aStart + align4(aSize);
  const cStart = bStart + align4(bSize);
  const bytes = (cStart + m * n) * 4;
  if (bytes > MAX_BYTES) return false;
  const memory = wasm.exports.memory;
  if (memory.buffer.byteLength < bytes) {
    try {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
    } catch {
      return false;
    }
  }
  // Growing replaces the buffer; the view must follow it.
  if (wasm.heap.buffer !== memory.buffer) wasm.heap = new Float32Array(memory.buffer);
  const heap = wasm.heap;
  heap.set(a.values.subarray(a.offset, a.offset + aSize), aStart);
  heap.set(b.values.subarray(b.offset, b.offset + bSize), bStart);
  wasm.exports.gemm(
    m,
    n,
    k,
    aStart * 4,
    a.rowStride,
    a.colStride,
    bStart * 4,
    b.rowStride,
    b.colStride,
    cStart * 4,
    n,
    0,
  );
  out.set(heap.subarray(cStart, cStart + m * n), outOffset);
  return true;
}
