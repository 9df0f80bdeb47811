import { afterAll, describe, expect, it } from 'vitest';
import { BackendError } from '../errors.js';
import type { ElementwiseExpression as E } from '../fused/expression-tree.js';
import { createCpuFusedElementwise, generatedModuleCount } from './fused-elementwise.js';
import { compilesToWasm } from './fused-wasm.js';
import { arenaAddress, arenaAllocate, arenaFree, arenaUsage } from './shared-arena.js';
import {
  crashWorkerForTesting,
  setActiveThreads,
  setPartStealing,
  stopWorkers,
  workerCount,
} from './thread-pool.js';
import { setWasmEnabled } from './wasm-runtime.js';

afterAll(() => {
  stopWorkers();
  setActiveThreads(1);
});

/** mulberry32: a failure names a reproducible seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNARY = ['neg', 'abs', 'sqrt', 'floor', 'ceil', 'logicalNot'] as const;
const BINARY = [
  'add',
  'sub',
  'mul',
  'div',
  'maximum',
  'minimum',
  'equal',
  'notEqual',
  'greater',
  'greaterEqual',
  'less',
  'lessEqual',
  'logicalAnd',
  'logicalOr',
] as const;

/** A random tree of the ops WebAssembly has as instructions. */
function nativeTree(next: () => number, inputs: number, depth: number): E {
  const r = next();
  if (depth === 0 || r < 0.2) {
    return r < 0.14
      ? { op: 'input', index: Math.floor(next() * inputs) }
      : { op: 'constant', value: [0, -0, 1, -2.5, 0.125, Number.NaN][Math.floor(next() * 6)]! };
  }
  if (r < 0.45) {
    return {
      op: UNARY[Math.floor(next() * UNARY.length)]!,
      x: nativeTree(next, inputs, depth - 1),
    };
  }
  if (r < 0.9) {
    return {
      op: BINARY[Math.floor(next() * BINARY.length)]!,
      a: nativeTree(next, inputs, depth - 1),
      b: nativeTree(next, inputs, depth - 1),
    };
  }
  return {
    op: 'where',
    condition: nativeTree(next, inputs, depth - 1),
    a: nativeTree(next, inputs, depth - 1),
    b: nativeTree(next, inputs, depth - 1),
  };
}

const SPECIAL = [0, -0, 1, -1, 0.5, Number.NaN, Infinity, -Infinity, 1e-40, -3.5, 2.5];

/** An arena array of `size` values: special values mixed with random ones. */
function arenaValues(next: () => number, size: number): Float32Array {
  const values = arenaAllocate(size);
  if (values === null) throw new Error('no arena in this runtime');
  for (let i = 0; i < size; i++) {
    values[i] = next() < 0.3 ? SPECIAL[Math.floor(next() * SPECIAL.length)]! : next() * 8 - 4;
  }
  return values;
}

const info = (values: Float32Array) => ({
  dataId: { values },
  shape: [values.length],
  dtype: 'float32' as const,
});

const bitsOf = (values: Float32Array) => Array.from(new Uint32Array(values.slice().buffer));

describe('generated WebAssembly SIMD fused passes', () => {
  const wasm = createCpuFusedElementwise('generated', true);
  const javascript = createCpuFusedElementwise('generated', false);
  // Not a multiple of 4 or of the part alignment: the scalar tail and uneven parts run too.
  const size = (1 << 17) + 7;

  it('gives the JavaScript loop’s float32 bits on random trees, on 1 and 2 threads', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const next = random(seed);
      const trees = [nativeTree(next, 3, 4), nativeTree(next, 3, 4)];
      expect(compilesToWasm(trees)).toBe(true);
      const inputs = [arenaValues(next, size), arenaValues(next, size), arenaValues(next, size)];
      // Input 2 a scalar: its value is passed as bits.
      const scalar = Float32Array.of(next() * 4 - 2);
      const infos = [info(inputs[0]!), info(inputs[1]!), { ...info(scalar), shape: [1] }];
      const outputs = [
        { shape: [size], dtype: 'float32' as const },
        { shape: [size], dtype: 'float32' as const },
      ];
      const expected = javascript(infos, trees, outputs).map((d) =>
        bitsOf((d as { values: Float32Array }).values),
      );
      for (const threads of [1, 2]) {
        setActiveThreads(threads);
        const results = wasm(infos, trees, outputs).map(
          (d) => (d as { values: Float32Array }).values,
        );
        // NaN payloads may differ between the two: compare NaN as NaN, the rest bit for bit.
        results.forEach((values, k) => {
          expect(arenaAddress(values), 'output in the arena').toBeDefined();
          const got = bitsOf(values).map((b, i) => (Number.isNaN(values[i]) ? -1 : b));
          const want = expected[k]!.map((b) =>
            Number.isNaN(new Float32Array(new Uint32Array([b]).buffer)[0]) ? -1 : b,
          );
          expect(got, `seed ${seed}, tree ${k}, ${threads} threads`).toEqual(want);
          arenaFree(values);
        });
      }
      for (const values of inputs) arenaFree(values);
    }
    expect(workerCount()).toBeGreaterThanOrEqual(1);
  });

  it('reads every input of an element before writing outputs into the inputs', () => {
    const next = random(99);
    const [a, b] = [arenaValues(next, size), arenaValues(next, size)];
    const [a0, b0] = [a.slice(), b.slice()];
    // (a, b) -> (b, a + b), written over a and b: a swap needs the old values.
    const trees: E[] = [
      { op: 'input', index: 1 },
      { op: 'add', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } },
    ];
    setActiveThreads(2);
    const shape = [size];
    wasm([info(a), info(b)], trees, [
      { shape, dtype: 'float32', into: { values: a } },
      { shape, dtype: 'float32', into: { values: b } },
    ]);
    for (let i = 0; i < size; i += 997) {
      expect(Object.is(a[i], b0[i])).toBe(true);
      expect(Object.is(b[i], Math.fround(a0[i]! + b0[i]!))).toBe(true);
    }
    arenaFree(a);
    arenaFree(b);
  });

  it('survives a worker that dies: a BackendError naming the op, then the module is sent again', () => {
    const next = random(7);
    const [a, b] = [arenaValues(next, size), arenaValues(next, size)];
    const tree: E = { op: 'mul', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } };
    const outputs = [{ shape: [size], dtype: 'float32' as const }];
    const expected = javascript([info(a), info(b)], [tree], outputs).map(
      (d) => (d as { values: Float32Array }).values,
    );
    setActiveThreads(2);
    // The worker must run its part (not the caller, taking it back): it then dies in it.
    setPartStealing(false);
    try {
      wasm([info(a), info(b)], [tree], outputs); // the worker has the module now
      crashWorkerForTesting(1);
      let error: unknown;
      try {
        wasm([info(a), info(b)], [tree], outputs);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(BackendError);
      expect(String((error as Error).message)).toMatch(/^fusedElementwise: .*worker thread 1/);
      expect(() => wasm([info(a), info(b)], [tree], outputs)).not.toThrow();
      // A fresh worker, which never saw the module, computes its part right.
      const [again] = wasm([info(a), info(b)], [tree], outputs);
      expect((again as { values: Float32Array }).values).toEqual(expected[0]);
    } finally {
      setPartStealing(true);
    }
    for (const values of [a, b]) arenaFree(values);
  });

  it('runs the JavaScript loop over arena arrays while WebAssembly is switched off', () => {
    const next = random(11);
    const [a, b] = [arenaValues(next, size), arenaValues(next, size)];
    const tree: E = { op: 'sub', a: { op: 'input', index: 0 }, b: { op: 'input', index: 1 } };
    const outputs = [{ shape: [size], dtype: 'float32' as const }];
    const expected = javascript([info(a), info(b)], [tree], outputs);
    setWasmEnabled(false);
    try {
      const [result] = wasm([info(a), info(b)], [tree], outputs);
      expect((result as { values: Float32Array }).values).toEqual(
        (expected[0] as { values: Float32Array }).values,
      );
    } finally {
      setWasmEnabled(true);
    }
    for (const values of [a, b]) arenaFree(values);
  });

  it('compiles trees that differ only in their constants once, and passes the values', () => {
    const next = random(5);
    const a = arenaValues(next, size);
    const axpy = (slope: number, offset: number): E => ({
      op: 'add',
      a: { op: 'mul', a: { op: 'input', index: 0 }, b: { op: 'constant', value: slope } },
      b: { op: 'constant', value: offset },
    });
    const outputs = [{ shape: [size], dtype: 'float32' as const }];
    setActiveThreads(2);
    wasm([info(a)], [axpy(2, 1)], outputs);
    const before = generatedModuleCount();
    for (const [slope, offset] of [
      [3, -1],
      [0.5, 0.5],
      [-0, Number.NaN],
    ] as const) {
      const [got] = wasm([info(a)], [axpy(slope, offset)], outputs);
      const [want] = javascript([info(a)], [axpy(slope, offset)], outputs);
      expect((got as { values: Float32Array }).values).toEqual(
        (want as { values: Float32Array }).values,
      );
    }
    expect(generatedModuleCount()).toBe(before);
    arenaFree(a);
  });

  it('keeps a thread’s modules bounded when trees keep changing shape', () => {
    const next = random(6);
    const a = arenaValues(next, size);
    const outputs = [{ shape: [size], dtype: 'float32' as const }];
    setActiveThreads(2);
    // 300 structurally different trees, past the 256 a thread keeps: nine unary ops, each
    // abs or neg by a bit of k. The worker runs its part of each (no taking parts back).
    setPartStealing(false);
    try {
      for (let k = 0; k < 300; k++) {
        let tree: E = { op: 'input', index: 0 };
        for (let bit = 0; bit < 9; bit++) tree = { op: (k >> bit) & 1 ? 'abs' : 'neg', x: tree };
        const got = (wasm([info(a)], [tree], outputs)[0] as { values: Float32Array }).values;
        if (k % 25 === 0 || k >= 290) {
          const [want] = javascript([info(a)], [tree], outputs);
          expect(got).toEqual((want as { values: Float32Array }).values);
        }
        arenaFree(got);
      }
    } finally {
      setPartStealing(true);
    }
    arenaFree(a);
  });

  it('leaves trees with ops WebAssembly lacks to the JavaScript loop', () => {
    expect(compilesToWasm([{ op: 'exp', x: { op: 'input', index: 0 } }])).toBe(false);
    expect(
      compilesToWasm([
        { op: 'pow', a: { op: 'input', index: 0 }, b: { op: 'constant', value: 2 } },
      ]),
    ).toBe(false);
  });
});

describe('the shared arena', () => {
  it('stays flat over many in-place steps on two threads', () => {
    const next = random(3);
    const [p, g] = [arenaValues(next, 1 << 17), arenaValues(next, 1 << 17)];
    const wasm = createCpuFusedElementwise('generated', true);
    const tree: E = {
      op: 'sub',
      a: { op: 'input', index: 0 },
      b: { op: 'mul', a: { op: 'input', index: 1 }, b: { op: 'constant', value: 1e-3 } },
    };
    setActiveThreads(2);
    const shape = [1 << 17];
    const step = () => {
      // One pass in place, one into a new output that is then freed: the training loop's mix.
      wasm([info(p), info(g)], [tree], [{ shape, dtype: 'float32', into: { values: p } }]);
      const [fresh] = wasm([info(p), info(g)], [tree], [{ shape, dtype: 'float32' }]);
      arenaFree((fresh as { values: Float32Array }).values);
    };
    step();
    const usage = arenaUsage();
    for (let i = 0; i < 200; i++) step();
    expect(arenaUsage()).toEqual(usage);
    arenaFree(p);
    arenaFree(g);
  });

  it('reuses freed regions, so the same allocations over and over keep it flat', () => {
    const before = arenaUsage().liveBytes;
    const sizes = [1 << 15, 3 * (1 << 14) + 5, 1 << 16];
    let arenaBytes = 0;
    for (let round = 0; round < 50; round++) {
      const arrays = sizes.map((n) => arenaAllocate(n)!);
      arrays[1]![7] = round;
      // Free out of order: neighbours merge whatever the order.
      for (const k of [1, 0, 2]) expect(arenaFree(arrays[k]!)).toBe(true);
      if (round === 0) arenaBytes = arenaUsage().arenaBytes;
    }
    expect(arenaUsage().liveBytes).toBe(before);
    expect(arenaUsage().arenaBytes).toBe(arenaBytes);
  });

  it('hands out disjoint, cache-line aligned regions and refuses to free foreign arrays', () => {
    const arrays = [100, 5000, 17].map((n) => arenaAllocate(n)!);
    const spans = arrays.map((a) => [arenaAddress(a)!, arenaAddress(a)! + a.byteLength] as const);
    for (const [start] of spans) expect(start % 64).toBe(0);
    for (const [i, [s0, e0]] of spans.entries()) {
      for (const [j, [s1, e1]] of spans.entries()) {
        if (i !== j) expect(e0 <= s1 || e1 <= s0).toBe(true);
      }
    }
    expect(arenaFree(new Float32Array(4))).toBe(false);
    for (const a of arrays) expect(arenaFree(a)).toBe(true);
    expect(arenaFree(arrays[0]!)).toBe(false);
  });
});
