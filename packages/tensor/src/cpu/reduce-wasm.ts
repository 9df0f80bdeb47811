import type { ReducePrimitive } from '../primitives.js';
import type { Shape } from '../shape.js';
import { shapeSize } from '../shape.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import { WasmLayout, wasmRuntime } from './wasm-runtime.js';
import { placeFloat32 } from './wasm-staging.js';

/**
 * Float32 sums, maxima and minima over leading axes (column sums: a bias gradient) or over
 * trailing axes in WebAssembly (elementwise.wat), for large inputs. Each sum is taken in
 * order in float64, as the JS kernel does, and maxima and minima keep the first of equal
 * values with NaN winning, so the results are the same bits, whatever the thread count:
 * threads split the outputs, never one output's reduction. Returns false, having written
 * nothing, where it does not apply.
 */

/** The operation codes of elementwise.wat's reduceRows and extremaColumns. */
const OPERATION: Partial<Record<ReducePrimitive, number>> = { sum: 0, max: 1, min: 2 };

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
  const operation = OPERATION[primitive];
  if (x.length < MIN_ELEMENTS || operation === undefined) return false;
  const rank = shape.length;
  const leading = axes.every((a, i) => a === i);
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  if (!(trailing || leading)) return false;
  const wasm = wasmRuntime();
  if (wasm === null) return false;
  const layout = new WasmLayout();
  // Arena arrays (in the kernels' memory) are read and written in place.
  const xPlace = placeFloat32(wasm, layout, x);
  const outPlace = placeFloat32(wasm, layout, out);
  const [xStart, outStart] = [xPlace.start, outPlace.start];
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  if (!xPlace.resident) heap.set(x, xStart);
  if (trailing) {
    const cols = shapeSize(axes.map((a) => shape[a]!));
    const ranges = splitRange(out.length, partsFor(x.length, out.length));
    runParts(
      primitive,
      ranges.map(([r0, r1]) => [
        {
          fn: 'reduceRows',
          args: [operation, (xStart + r0 * cols) * 4, (outStart + r0) * 4, r1 - r0, cols],
        },
      ]),
    );
  } else {
    const cols = out.length;
    const rows = x.length / cols;
    const ranges = splitRange(cols, partsFor(x.length, cols));
    runParts(
      primitive,
      ranges.map(([j0, j1]) => {
        const columns = [(xStart + j0) * 4, (outStart + j0) * 4, rows, j1 - j0, cols];
        return [
          primitive === 'sum'
            ? { fn: 'sumColumns', args: columns }
            : { fn: 'extremaColumns', args: [operation, ...columns] },
        ];
      }),
    );
  }
  if (!outPlace.resident) out.set(wasm.reserve(0)!.subarray(outStart, outStart + out.length));
  return true;
}
