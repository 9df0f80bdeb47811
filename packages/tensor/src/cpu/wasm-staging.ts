import { WasmLayout, type WasmRuntime } from './wasm-runtime.js';

/**
 * A region of WebAssembly memory for one kernel call: `elements` float32s, filled from
 * `from` (whose length it then takes when `elements` is left out), zeroed, or left as they are
 * (outputs the kernel writes whole, scratch).
 */
export interface WasmRegion {
  readonly elements?: number;
  readonly from?: Float32Array;
  readonly zero?: boolean;
}

/**
 * Lays `regions` out one after another in the runtime's memory, copies in the operands and
 * zeroes the regions that ask for it. Returns each region's start as a float32 element index,
 * or null, having written nothing, when the memory cannot grow to hold them.
 */
export function stageRegions(wasm: WasmRuntime, regions: readonly WasmRegion[]): number[] | null {
  const layout = new WasmLayout();
  const starts = regions.map((r) => layout.take(r.elements ?? r.from?.length ?? 0));
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return null;
  regions.forEach((r, i) => {
    const start = starts[i]!;
    if (r.from !== undefined) heap.set(r.from, start);
    else if (r.zero === true) heap.fill(0, start, start + (r.elements ?? 0));
  });
  return starts;
}

/** Copies `into.length` float32s out of the runtime's memory from element `start`. */
export function copyOut(wasm: WasmRuntime, start: number, into: Float32Array): void {
  into.set(wasm.reserve(0)!.subarray(start, start + into.length));
}
