import { arenaAddress } from './shared-arena.js';
import { WasmLayout, type WasmRuntime } from './wasm-runtime.js';

/**
 * A region of WebAssembly memory for one kernel call: `elements` float32s, filled from
 * `from` (whose length it then takes when `elements` is left out), zeroed, or left as they are
 * (outputs the kernel writes whole, scratch). An operand or output (`into`) that already lives
 * in the runtime's memory (an arena array) is used where it is, with no copy.
 */
export interface WasmRegion {
  readonly elements?: number;
  readonly from?: Float32Array;
  readonly zero?: boolean;
  /** Where the kernel's result goes: written in place when it lives in the runtime's memory. */
  readonly into?: Float32Array;
}

/**
 * The element index of `values[0]` in the runtime's memory where `values` is an arena array
 * (so a kernel can use it in place), else undefined.
 */
export function residentStart(wasm: WasmRuntime, values: Float32Array): number | undefined {
  if (wasm.arena !== wasm.memory) return undefined;
  const address = arenaAddress(values);
  return address === undefined ? undefined : address / 4;
}

/**
 * Lays `regions` out one after another in the runtime's memory, copies in the operands and
 * zeroes the regions that ask for it. Returns each region's start as a float32 element index,
 * or null, having written nothing, when the memory cannot grow to hold them.
 */
export function stageRegions(wasm: WasmRuntime, regions: readonly WasmRegion[]): number[] | null {
  const layout = new WasmLayout();
  const resident = regions.map((r) => {
    const values = r.from ?? r.into;
    const elements = r.elements ?? r.from?.length ?? 0;
    return values?.length === elements ? residentStart(wasm, values) : undefined;
  });
  const starts = regions.map(
    (r, i) => resident[i] ?? layout.take(r.elements ?? r.from?.length ?? 0),
  );
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return null;
  regions.forEach((r, i) => {
    const start = starts[i]!;
    if (r.from !== undefined) {
      if (resident[i] === undefined) heap.set(r.from, start);
    } else if (r.zero === true) heap.fill(0, start, start + (r.elements ?? 0));
  });
  return starts;
}

/**
 * Copies `into.length` float32s out of the runtime's memory from element `start`; nothing when
 * `into` is that region itself (written in place).
 */
export function copyOut(wasm: WasmRuntime, start: number, into: Float32Array): void {
  if (wasm.arena === wasm.memory && arenaAddress(into) === start * 4) return;
  into.set(wasm.reserve(0)!.subarray(start, start + into.length));
}

/**
 * Where `values` sits for a kernel call: its own place when it lives in the runtime's memory,
 * else a new region of `layout` (to copy it into, or to copy the result out of).
 */
export function placeFloat32(
  wasm: WasmRuntime,
  layout: WasmLayout,
  values: Float32Array,
): { readonly start: number; readonly resident: boolean } {
  const start = residentStart(wasm, values);
  return start === undefined
    ? { start: layout.take(values.length), resident: false }
    : { start, resident: true };
}
