import type { TensorInfo } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import type { Shape } from '../shape.js';
import { repetition } from './broadcast-index.js';
import { valuesOf } from './cpu-data.js';
import { activeThreads, runParts, splitRange } from './thread-pool.js';
import type { WasmCall } from './wasm-calls.js';
import { WasmLayout, wasmRuntime } from './wasm-runtime.js';
import { placeFloat32 } from './wasm-staging.js';

/**
 * Float32 elementwise ops in WebAssembly SIMD (elementwise.wat) for large arrays: the four
 * arithmetic ops and maximum/minimum, the comparisons, `where` and neg/abs/sqrt, on equal
 * shapes, against a scalar, and (arithmetic) against a repeated row such as a bias. Results
 * equal the JS kernels' bit for bit. Each function returns false, having written nothing,
 * where it does not apply; the caller then runs its JS loop. The elements are split into
 * contiguous ranges between threads above a size where that pays.
 */

const BINARY_OPS: Partial<Record<BinaryPrimitive, number>> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
};
const COMPARE_OPS: Partial<Record<BinaryPrimitive, number>> = {
  less: 0,
  lessEqual: 1,
  greater: 2,
  greaterEqual: 3,
  equal: 4,
  notEqual: 5,
};
const UNARY_OPS: Partial<Record<UnaryPrimitive, number>> = { neg: 0, abs: 1, sqrt: 2 };

/** Below this many elements the copies and the call cost more than the JS loop saves. */
const MIN_ELEMENTS = 4096;
/** Elements per thread below which splitting costs more than it saves. */
const MIN_PART_ELEMENTS = 1 << 17;

/** Element ranges [start, end) per part, starting at multiples of 4 (whole vectors). */
function elementRanges(n: number): [number, number][] {
  const vectors = Math.ceil(n / 4);
  const parts = Math.max(1, Math.min(activeThreads(), Math.floor(n / MIN_PART_ELEMENTS)));
  return splitRange(vectors, parts).map(([a, b]) => [a * 4, Math.min(b * 4, n)]);
}

const isFloat32 = (values: TypedArray): values is Float32Array => values instanceof Float32Array;

/** Element offset of a region's start, in bytes, for an operand that is full-size or scalar. */
const at = (base: number, start: number, scalar: boolean, bytesPerElement = 4) =>
  scalar ? base * 4 : base * 4 + start * bytesPerElement;

/**
 * out = a `primitive` b for float32 a and b, when the op, dtypes and broadcast have a
 * WebAssembly kernel: equal shapes, a scalar on either side, or (arithmetic) b repeated as
 * rows of at least 4 elements.
 */
export function wasmBinary(
  primitive: BinaryPrimitive,
  a: TensorInfo,
  b: TensorInfo,
  out: TypedArray,
  outShape: Shape,
): boolean {
  const size = out.length;
  const arithmetic = BINARY_OPS[primitive];
  const comparison = COMPARE_OPS[primitive];
  if (size < MIN_ELEMENTS || (arithmetic === undefined && comparison === undefined)) return false;
  const [av, bv] = [valuesOf(a), valuesOf(b)];
  if (!isFloat32(av) || !isFloat32(bv)) return false;
  if (arithmetic !== undefined ? !isFloat32(out) : !(out instanceof Uint8Array)) return false;
  let mode: number;
  if (av.length === size && bv.length === size) mode = 0;
  else if (av.length === size && bv.length === 1) mode = 1;
  else if (av.length === 1 && bv.length === size) mode = 2;
  else if (
    arithmetic !== undefined &&
    av.length === size &&
    bv.length >= 4 &&
    repetition(b.shape, outShape) === 'rows'
  ) {
    mode = 3;
  } else return false;
  const wasm = wasmRuntime();
  if (wasm === null) return false;
  const layout = new WasmLayout();
  // Float32 operands and results in the kernels' memory (arena arrays) are used in place; an
  // output that is its own input (donated) is fine, each element being read before written.
  const aPlace = placeFloat32(wasm, layout, av as Float32Array);
  const bPlace = placeFloat32(wasm, layout, bv as Float32Array);
  const outPlace =
    arithmetic !== undefined
      ? placeFloat32(wasm, layout, out as Float32Array)
      : { start: layout.take(Math.ceil(size / 4)), resident: false };
  const [aStart, bStart, outStart] = [aPlace.start, bPlace.start, outPlace.start];
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  if (!aPlace.resident) heap.set(av, aStart);
  if (!bPlace.resident) heap.set(bv, bStart);
  let calls: WasmCall[][];
  if (mode === 3) {
    const m = bv.length;
    const parts = Math.max(1, Math.min(activeThreads(), Math.floor(size / MIN_PART_ELEMENTS)));
    calls = splitRange(size / m, parts).map(([r0, r1]) => [
      {
        fn: 'binary',
        args: [
          arithmetic!,
          (aStart + r0 * m) * 4,
          bStart * 4,
          (outStart + r0 * m) * 4,
          (r1 - r0) * m,
          3,
          m,
        ],
      },
    ]);
  } else {
    const [aScalar, bScalar] = [mode === 2, mode === 1];
    calls = elementRanges(size).map(([start, end]) => {
      const outAt = at(outStart, start, false, arithmetic !== undefined ? 4 : 1);
      const args = [
        at(aStart, start, aScalar),
        at(bStart, start, bScalar),
        outAt,
        end - start,
        mode,
      ];
      return arithmetic !== undefined
        ? [{ fn: 'binary', args: [arithmetic, ...args, 0] }]
        : [{ fn: 'compare', args: [comparison!, ...args] }];
    });
  }
  runParts(primitive, calls);
  const result = wasm.reserve(0)!;
  if (arithmetic === undefined) out.set(new Uint8Array(result.buffer, outStart * 4, size));
  else if (!outPlace.resident) out.set(result.subarray(outStart, outStart + size));
  return true;
}

/** out = cond ? a : b for a bool cond and float32 a, b: equal shapes or a scalar a or b. */
export function wasmSelect(
  cv: TypedArray,
  av: TypedArray,
  bv: TypedArray,
  out: TypedArray,
): boolean {
  const size = out.length;
  if (size < MIN_ELEMENTS || !(cv instanceof Uint8Array) || cv.length !== size) return false;
  if (!isFloat32(av) || !isFloat32(bv) || !isFloat32(out)) return false;
  const mode =
    av.length === size && bv.length === size
      ? 0
      : av.length === 1 && bv.length === size
        ? 1
        : av.length === size && bv.length === 1
          ? 2
          : -1;
  if (mode < 0) return false;
  const wasm = wasmRuntime();
  if (wasm === null) return false;
  const layout = new WasmLayout();
  const condStart = layout.take(Math.ceil(size / 4));
  const aPlace = placeFloat32(wasm, layout, av);
  const bPlace = placeFloat32(wasm, layout, bv);
  const outPlace = placeFloat32(wasm, layout, out);
  const [aStart, bStart, outStart] = [aPlace.start, bPlace.start, outPlace.start];
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  new Uint8Array(heap.buffer, condStart * 4, size).set(cv);
  if (!aPlace.resident) heap.set(av, aStart);
  if (!bPlace.resident) heap.set(bv, bStart);
  runParts(
    'where',
    elementRanges(size).map(([start, end]) => [
      {
        fn: 'select',
        args: [
          at(condStart, start, false, 1),
          at(aStart, start, mode === 1),
          at(bStart, start, mode === 2),
          at(outStart, start, false),
          end - start,
          mode,
        ],
      },
    ]),
  );
  if (!outPlace.resident) out.set(wasm.reserve(0)!.subarray(outStart, outStart + size));
  return true;
}

/** out = primitive(x) for float32 x, where the op has a WebAssembly kernel. */
export function wasmUnary(primitive: UnaryPrimitive, xv: TypedArray, out: TypedArray): boolean {
  const op = UNARY_OPS[primitive];
  const size = out.length;
  if (op === undefined || size < MIN_ELEMENTS || !isFloat32(xv) || !isFloat32(out)) return false;
  const wasm = wasmRuntime();
  if (wasm === null) return false;
  const layout = new WasmLayout();
  const xPlace = placeFloat32(wasm, layout, xv);
  const outPlace = placeFloat32(wasm, layout, out);
  const [xStart, outStart] = [xPlace.start, outPlace.start];
  const heap = wasm.reserve(layout.bytes);
  if (heap === null) return false;
  if (!xPlace.resident) heap.set(xv, xStart);
  runParts(
    primitive,
    elementRanges(size).map(([start, end]) => [
      {
        fn: 'unary',
        args: [op, at(xStart, start, false), at(outStart, start, false), end - start],
      },
    ]),
  );
  if (!outPlace.resident) out.set(wasm.reserve(0)!.subarray(outStart, outStart + size));
  return true;
}
