import { setScratchStart, wasmRuntime } from './wasm-runtime.js';

/**
 * Large float32 buffers of the CPU backend live in one shared WebAssembly memory (the
 * arena), so that worker threads and generated WebAssembly kernels address them directly:
 * an in-place pass over parameters and moments splits across threads without copying. It is
 * the kernels' own memory, so convolutions and pooling read and write these buffers where they
 * are; each kernel call's scratch goes past the highest region. Regions are handed out first-fit and go back on free, merged with their free neighbours,
 * so a training loop that frees and allocates the same sizes keeps the memory flat. Where
 * the runtime has no shared memory the backend keeps ordinary typed arrays.
 */

/**
 * Float32 buffers from this many elements on go to the arena (smaller ones stay plain): the
 * size from which a generated SIMD pass beats the JavaScript loop (see fused-elementwise.ts).
 */
export const ARENA_MIN_ELEMENTS = 1 << 12;

// Regions start on a cache line, so that two threads never write the same line.
const ALIGN = 64;
const PAGE_BYTES = 65536;

interface Region {
  readonly start: number;
  readonly bytes: number;
}

/** Free ranges [start, end), sorted by start, never adjacent (merged). */
const freeRanges: { start: number; end: number }[] = [];
/** End of the highest region handed out; address 0 is never handed out. */
let top = ALIGN;
const regions = new WeakMap<Float32Array, Region>();
let liveBytes = 0;

function grow(bytesNeeded: number): boolean {
  const memory = wasmRuntime()?.arena;
  if (memory === undefined || memory === null) return false;
  const have = memory.buffer.byteLength;
  if (have >= bytesNeeded) return true;
  try {
    memory.grow(Math.ceil((bytesNeeded - have) / PAGE_BYTES));
    return true;
  } catch {
    return false;
  }
}

/**
 * A float32 array of `elements` elements in the arena, contents arbitrary; null where there
 * is no arena, or it cannot grow that far.
 */
export function arenaAllocate(elements: number): Float32Array | null {
  const memory = wasmRuntime()?.arena;
  if (memory === undefined || memory === null) return null;
  const bytes = Math.ceil((elements * 4) / ALIGN) * ALIGN;
  let start = -1;
  for (let i = 0; i < freeRanges.length; i++) {
    const range = freeRanges[i]!;
    if (range.end - range.start >= bytes) {
      start = range.start;
      range.start += bytes;
      if (range.start === range.end) freeRanges.splice(i, 1);
      break;
    }
  }
  if (start < 0) {
    if (!grow(top + bytes)) return null;
    start = top;
    top += bytes;
    setScratchStart(top);
  }
  const values = new Float32Array(memory.buffer, start, elements);
  regions.set(values, { start, bytes });
  liveBytes += bytes;
  return values;
}

/** Gives an arena array's region back; false (and nothing done) for any other array. */
export function arenaFree(values: ArrayBufferView): boolean {
  const region = regions.get(values as Float32Array);
  if (region === undefined) return false;
  regions.delete(values as Float32Array);
  liveBytes -= region.bytes;
  let start = region.start;
  let end = start + region.bytes;
  // Insert sorted, merging with the neighbours it touches.
  let i = 0;
  while (i < freeRanges.length && freeRanges[i]!.start < start) i++;
  const before = freeRanges[i - 1];
  const after = freeRanges[i];
  if (after !== undefined && after.start === end) {
    end = after.end;
    freeRanges.splice(i, 1);
  }
  if (before !== undefined && before.end === start) {
    start = before.start;
    freeRanges.splice(i - 1, 1);
    i--;
  }
  if (end === top) {
    top = start;
    setScratchStart(top);
  } else freeRanges.splice(i, 0, { start, end });
  return true;
}

/** The byte address of an arena array in the arena memory, or undefined for other arrays. */
export function arenaAddress(values: ArrayBufferView): number | undefined {
  return regions.get(values as Float32Array)?.start;
}

/** Bytes of arena regions in use, and the arena's size. Internal: tests of flat memory. */
export function arenaUsage(): { readonly liveBytes: number; readonly arenaBytes: number } {
  return { liveBytes, arenaBytes: wasmRuntime()?.arena?.buffer.byteLength ?? 0 };
}
