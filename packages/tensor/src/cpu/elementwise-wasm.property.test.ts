// The WebAssembly elementwise kernels against the JS loops they replace for large float32
// arrays (the JS path runs with WebAssembly switched off): bit-identical results, NaN, ±0 and
// infinities included, over equal shapes, scalars, bias rows and lengths that are not
// multiples of 4, on one thread and on two.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataId, TensorInfo } from '../backend.js';
import type { BinaryPrimitive, UnaryPrimitive } from '../primitives.js';
import type { Shape } from '../shape.js';
import { ARITHMETIC_LOOPS } from './arithmetic-loops.js';
import type { CpuData } from './cpu-data.js';
import {
  BINARY_FUNCTIONS,
  binaryKernel,
  UNARY_FUNCTIONS,
  unaryKernel,
  whereKernel,
} from './elementwise.js';
import { setActiveThreads } from './thread-pool.js';
import { setWasmEnabled } from './wasm-runtime.js';

afterEach(() => {
  setWasmEnabled(true);
  setActiveThreads(1);
});

const SPECIAL = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, -1];

/**
 * Mostly ordinary values with specials and exact ties sprinkled in; with an odd seed, half
 * specials, so ±0 meets ∓0 and NaN meets NaN often.
 */
function values(length: number, seed: number): Float32Array {
  const specials = seed % 2 === 1 ? 0.5 : 0.04;
  return Float32Array.from({ length }, (_, i) => {
    const r = Math.abs(Math.sin(seed * 91.7 + i * 12.9898)) * 1000;
    if (r % 1 < specials) return SPECIAL[Math.floor(r * 7) % SPECIAL.length]!;
    if (r % 1 < 0.1) return Math.round(r % 3) - 1;
    return Math.sin(r) * 10;
  });
}

const info = (
  v: Float32Array | Uint8Array,
  shape: Shape,
  dtype: 'float32' | 'bool',
): TensorInfo => ({
  dataId: { values: v } satisfies CpuData,
  shape,
  dtype,
});
const valuesOf = (id: DataId) => Array.from((id as CpuData).values);

function bothPaths(kernel: () => DataId): [number[], number[]] {
  setWasmEnabled(true);
  const wasm = valuesOf(kernel());
  setWasmEnabled(false);
  const js = valuesOf(kernel());
  setWasmEnabled(true);
  return [wasm, js];
}

const BINARY: BinaryPrimitive[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];
const COMPARE: BinaryPrimitive[] = [
  'less',
  'lessEqual',
  'greater',
  'greaterEqual',
  'equal',
  'notEqual',
];
const UNARY: UnaryPrimitive[] = ['neg', 'abs', 'sqrt'];

const shapes = fc.record({
  rows: fc.integer({ min: 1, max: 300 }),
  columns: fc.integer({ min: 4, max: 200 }),
  kind: fc.constantFrom('same', 'scalarB', 'scalarA', 'row'),
  threads: fc.constantFrom(1, 2),
  seed: fc.integer({ min: 0, max: 10_000 }),
});

describe('WebAssembly elementwise kernels', () => {
  it('binary ops and comparisons match the JS loops bit for bit', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom(...BINARY, ...COMPARE), (s, primitive) => {
        const outShape = [s.rows, s.columns];
        const size = s.rows * s.columns;
        const aShape = s.kind === 'scalarA' ? [] : outShape;
        const bShape = s.kind === 'scalarB' ? [] : s.kind === 'row' ? [s.columns] : outShape;
        if (s.kind === 'row' && COMPARE.includes(primitive)) return;
        const a = info(values(aShape.length === 0 ? 1 : size, s.seed), aShape, 'float32');
        const bLength = bShape.length === 0 ? 1 : bShape.length === 1 ? s.columns : size;
        const b = info(values(bLength, s.seed + 2), bShape, 'float32');
        const dtype = COMPARE.includes(primitive) ? 'bool' : 'float32';
        const kernel = binaryKernel(
          BINARY_FUNCTIONS[primitive],
          ARITHMETIC_LOOPS[primitive],
          primitive,
        );
        setActiveThreads(s.threads);
        const [wasm, js] = bothPaths(() => kernel([a, b], {}, { shape: outShape, dtype }));
        expect(wasm).toEqual(js);
      }),
      { numRuns: 120 },
    );
  });

  it('where matches the JS loop bit for bit', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const shape = [s.rows, s.columns];
        const size = s.rows * s.columns;
        const cond = Uint8Array.from(values(size, s.seed), (v) => (v > 0 ? 1 : 0));
        const full = (seed: number) => info(values(size, seed), shape, 'float32');
        const scalar = (seed: number) => info(values(1, seed), [], 'float32');
        const [a, b] =
          s.kind === 'scalarA'
            ? [scalar(1), full(2)]
            : s.kind === 'scalarB'
              ? [full(1), scalar(2)]
              : [full(1), full(2)];
        setActiveThreads(s.threads);
        const [wasm, js] = bothPaths(() =>
          whereKernel([info(cond, shape, 'bool'), a, b], {}, { shape, dtype: 'float32' }),
        );
        expect(wasm).toEqual(js);
      }),
      { numRuns: 60 },
    );
  });

  it('neg, abs and sqrt match the JS loops bit for bit', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom(...UNARY), (s, primitive) => {
        const shape = [s.rows, s.columns];
        const x = info(values(s.rows * s.columns, s.seed), shape, 'float32');
        setActiveThreads(s.threads);
        const kernel = unaryKernel(UNARY_FUNCTIONS[primitive], primitive);
        const [wasm, js] = bothPaths(() => kernel([x], {}, { shape, dtype: 'float32' }));
        expect(wasm).toEqual(js);
      }),
      { numRuns: 60 },
    );
  });
});
