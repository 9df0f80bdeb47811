// The WebAssembly reductions against the JS kernel (run with WebAssembly switched off): the
// same bits for sums, maxima and minima over leading or trailing axes, NaN, infinities and
// signed zeros included, on one thread and on two.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataId } from '../backend.js';
import type { CpuData } from './cpu-data.js';
import { reduceKernel } from './reduce.js';
import { setActiveThreads } from './thread-pool.js';
import { setWasmEnabled } from './wasm-runtime.js';

afterEach(() => {
  setWasmEnabled(true);
  setActiveThreads(1);
});

const SPECIAL = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];

function values(length: number, seed: number, specials: boolean): Float32Array {
  return Float32Array.from({ length }, (_, i) => {
    const r = Math.abs(Math.sin(seed * 91.7 + i * 12.9898)) * 1000;
    if (specials && r % 1 < 0.0005) return SPECIAL[Math.floor(r) % SPECIAL.length]!;
    return Math.sin(r) * 10 ** (Math.floor(r) % 5);
  });
}

const valuesOf = (id: DataId) => Array.from((id as CpuData).values);

describe('WebAssembly reductions', () => {
  it('sum, max and min over leading or trailing axes match the JS kernel', () => {
    fc.assert(
      fc.property(
        fc.record({
          shape: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 2, maxLength: 4 }),
          split: fc.integer({ min: 1, max: 3 }),
          leading: fc.boolean(),
          primitive: fc.constantFrom('sum' as const, 'max' as const, 'min' as const),
          threads: fc.constantFrom(1, 2),
          specials: fc.boolean(),
          seed: fc.integer({ min: 0, max: 10_000 }),
        }),
        (c) => {
          const rank = c.shape.length;
          const count = Math.min(c.split, rank - 1);
          const leading = c.leading;
          const axes = Array.from({ length: count }, (_, i) => (leading ? i : rank - count + i));
          const size = c.shape.reduce((a, b) => a * b, 1);
          const x = {
            dataId: { values: values(size, c.seed, c.specials) } satisfies CpuData,
            shape: c.shape,
            dtype: 'float32' as const,
          };
          const outShape = c.shape.filter((_, i) => !axes.includes(i));
          const kernel = reduceKernel(c.primitive);
          setActiveThreads(c.threads);
          const run = () => valuesOf(kernel([x], { axes }, { shape: outShape, dtype: 'float32' }));
          setWasmEnabled(true);
          const wasm = run();
          setWasmEnabled(false);
          expect(wasm).toEqual(run());
        },
      ),
      { numRuns: 150 },
    );
  });
});
