import type { ReducePrimitive } from '../primitives.js';
import type { Shape } from '../shape.js';
import { shapeSize } from '../shape.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import { WasmLayout, wasmRuntime } from './wasm-runtime.js';

/**
 * Float32 sums over leading axes (column sums: a bias gradient) and sums and maxima over
 * trailing axes in WebAssembly (elementwise.wat), for large inputs. Each output is summed in
 * order in float64, as the JS kernel does, so the results are the same bits, whatever the
 * thread count: threads split the outputs, never one output's sum. Returns false, having
 * written nothing, where it does not apply.
 */

/** Below this many input elements the copy and the call cost more than they save. */
const MIN_ELEMENTS = 4096;
/** Input elements per thread below which splitting costs more than it saves. */
const MIN_PART_ELEMENTS = 1 << 17;

function partsFor(elements: number, outputs: number): number {
  return Math.max(1, Math.min(activeThreads(), outputs, Math.floor(elements / MIN_PART_ELEMENTS)));
}

/** The reduction of float32 x over `axes` into float32 out, when it has a kernel here. */
export function wasmReduce(
  primitive: ReducePrimitive,
  x: Float32Array,
  shape: Shape,
  axes: readonly number[],
  out: Float32Array,
): boolean {
  if (x.length < MIN_ELEMENTS || (primitive !== 'sum' && primitive !== 'max')) return false;
  const rank = shape.length;
  const leading = axes.every((a, i) => a === i);
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  if (!(trailing || (leading && primitive === 'sum'))) return false;
  const wasm = wasmRuntime();
  if (wasm === null) return false;
  const layout = new WasmLayout();
  const xStart = layout.take(x.length);
  const outStart = layout.take(out.length);
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  heap.set(x, xStart);
  if (trailing) {
    const cols = shapeSize(axes.map((a) => shape[a]!));
    const ranges = splitRange(out.length, partsFor(x.length, out.length));
    runParts(
      primitive,
      ranges.map(([r0, r1]) => [
        {
          fn: 'reduceRows',
          args: [
            primitive === 'sum' ? 0 : 1,
            (xStart + r0 * cols) * 4,
            (outStart + r0) * 4,
            r1 - r0,
            cols,
          ],
        },
      ]),
    );
  } else {
    const cols = out.length;
    const rows = x.length / cols;
    const ranges = splitRange(cols, partsFor(x.length, cols));
    runParts(
      primitive,
      ranges.map(([j0, j1]) => [
        { fn: 'sumColumns', args: [(xStart + j0) * 4, (outStart + j0) * 4, rows, j1 - j0, cols] },
      ]),
    );
  }
  out.set(wasm.reserve(0)!.subarray(outStart, outStart + out.length));
  return true;
}
