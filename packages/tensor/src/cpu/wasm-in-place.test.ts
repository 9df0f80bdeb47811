// Kernels over tensors that live in the runtime's memory (arena arrays) read and write them
// where they are: the results must be the same bits as through copies of plain arrays, and
// nothing else in the arena may change.
import { afterAll, describe, expect, it } from 'vitest';
import type { Conv2dParams } from '../primitives.js';
import { conv2dGeometry } from '../window-geometry.js';
import { wasmConv2d, wasmConv2dBackpropFilter, wasmConv2dBackpropInput } from './conv2d-wasm.js';
import { wasmBinary, wasmSelect, wasmUnary } from './elementwise-wasm.js';
import { wasmAvgPool2d, wasmMaxPool2d } from './pool2d-wasm.js';
import { wasmReduce } from './reduce-wasm.js';
import { arenaAddress, arenaAllocate, arenaFree } from './shared-arena.js';
import { info, randomValues, size } from './testing-kernel-paths.js';
import { setActiveThreads, stopWorkers } from './thread-pool.js';
import { wasmBatchedGemm, wasmGemm } from './wasm-gemm.js';
import { wasmRuntime } from './wasm-runtime.js';
import { copyOut, stageRegions } from './wasm-staging.js';

afterAll(() => {
  stopWorkers();
  setActiveThreads(1);
});

const held: Float32Array[] = [];
afterAll(() => {
  for (const values of held) arenaFree(values);
});

/** An arena copy of `values` (filled with NaN when left out). */
function inArena(length: number, values?: Float32Array): Float32Array {
  const out = arenaAllocate(length);
  if (out === null) throw new Error('no arena in this runtime');
  held.push(out);
  if (values === undefined) out.fill(Number.NaN);
  else out.set(values);
  return out;
}

/** Runs `kernel` on plain arrays and on arena copies of them; returns both outputs. */
function bothPlacements(
  inputs: readonly Float32Array[],
  outputLength: number,
  kernel: (inputs: readonly Float32Array[], out: Float32Array) => boolean,
): [Float32Array, Float32Array] {
  const plain = new Float32Array(outputLength).fill(Number.NaN);
  expect(kernel(inputs, plain)).toBe(true);
  const arenaInputs = inputs.map((v) => inArena(v.length, v));
  // A neighbour that must come out untouched.
  const guard = inArena(4096, randomValues(4096, 99));
  const resident = inArena(outputLength);
  expect(kernel(arenaInputs, resident)).toBe(true);
  expect(Array.from(guard)).toEqual(Array.from(randomValues(4096, 99)));
  arenaInputs.forEach((v, i) => {
    expect(Array.from(v)).toEqual(Array.from(inputs[i]!));
  });
  return [plain, resident];
}

describe('kernels over arena arrays', () => {
  const wasm = wasmRuntime()!;
  // LeNet5's second convolution, batch 8, on two threads.
  const xShape = [8, 6, 14, 14];
  const wShape = [16, 6, 5, 5];
  const yShape = [8, 16, 10, 10];
  const g = conv2dGeometry(xShape, wShape, yShape, 1);
  const p: Conv2dParams = { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };
  const x = randomValues(size(xShape), 1);
  const w = randomValues(size(wShape), 2);
  const dy = randomValues(size(yShape), 3);
  setActiveThreads(2);

  it('share one memory with the kernels, and scratch regions start past the arena', () => {
    expect(wasm.arena).toBe(wasm.memory);
    const a = inArena(5000, randomValues(5000, 4));
    const [operand, output, scratch] = stageRegions(wasm, [
      { from: a },
      { elements: 5000, into: a },
      { elements: 8 },
    ])!;
    expect(operand! * 4).toBe(arenaAddress(a));
    expect(output! * 4).toBe(arenaAddress(a));
    expect(scratch! * 4).toBeGreaterThanOrEqual(arenaAddress(a)! + a.byteLength);
    const before = Array.from(a);
    copyOut(wasm, output!, a);
    expect(Array.from(a)).toEqual(before);
  });

  it('conv2d and its gradients give the same bits in place as through copies', () => {
    const [y0, y1] = bothPlacements([x, w], size(yShape), ([a, b], out) =>
      wasmConv2d(a!, b!, g, p, out),
    );
    expect(y1).toEqual(y0);
    const [dx0, dx1] = bothPlacements([dy, w], size(xShape), ([a, b], out) =>
      wasmConv2dBackpropInput(a!, b!, g, p, out),
    );
    expect(dx1).toEqual(dx0);
    const [dw0, dw1] = bothPlacements([x, dy], size(wShape), ([a, b], out) =>
      wasmConv2dBackpropFilter(a!, b!, g, p, out),
    );
    expect(dw1).toEqual(dw0);
  });

  it('max and average pooling and their gradients give the same bits in place', () => {
    const poolOut = [8, 6, 7, 7];
    const pool = { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0] } as const;
    const gy = randomValues(size(poolOut), 5);
    const [m0, m1] = bothPlacements([x], size(poolOut), ([a], out) =>
      wasmMaxPool2d(a!, xShape, poolOut, pool, out),
    );
    expect(m1).toEqual(m0);
    const [gm0, gm1] = bothPlacements([x, gy], size(xShape), ([a, b], out) =>
      wasmMaxPool2d(a!, xShape, poolOut, pool, new Float32Array(b!.length), { dy: b!, dx: out }),
    );
    expect(gm1).toEqual(gm0);
    const avg = { ...pool, countIncludePad: true };
    const [a0, a1] = bothPlacements([x], size(poolOut), ([a], out) =>
      wasmAvgPool2d(a!, xShape, poolOut, avg, out),
    );
    expect(a1).toEqual(a0);
    const [ga0, ga1] = bothPlacements([gy], size(xShape), ([b], out) =>
      wasmAvgPool2d(null, xShape, poolOut, avg, b!, out),
    );
    expect(ga1).toEqual(ga0);
  });

  it('the GEMM gives the same bits in place, strided operands and an offset result included', () => {
    const [m, k, n] = [64, 120, 84];
    const aValues = randomValues(3 + m * k, 6);
    const bValues = randomValues(k * n, 7);
    const [c0, c1] = bothPlacements([aValues, bValues], 5 + m * n, ([a, b], out) => {
      out.fill(0, 0, 5);
      // A read from offset 3; B read transposed.
      const left = { values: a!, offset: 3, rowStride: k, colStride: 1 };
      const right = { values: b!, offset: 0, rowStride: 1, colStride: k };
      return wasmGemm(m, k, n, left, right, out, 5);
    });
    expect(c1).toEqual(c0);
    const [batched0, batched1] = bothPlacements([aValues, bValues], 2 * 8 * 84, ([a, b], out) =>
      wasmBatchedGemm(
        8,
        120,
        84,
        { values: a!, rowStride: 120, colStride: 1 },
        { values: b!, rowStride: 84, colStride: 1 },
        [0, 8 * 120],
        [0, 0],
        out,
      ),
    );
    expect(batched1).toEqual(batched0);
  });

  it('elementwise kernels and reductions give the same bits in place, donated outputs too', () => {
    const shape = [64, 400];
    const n = size(shape);
    const [a, b] = [randomValues(n, 8), randomValues(n, 9)];
    const row = randomValues(400, 10);
    for (const [right, rightShape] of [
      [b, shape],
      [row, [1, 400]],
    ] as const) {
      const [s0, s1] = bothPlacements([a, right], n, ([x, y], out) =>
        wasmBinary('mul', info(x!, shape), info(y!, rightShape), out, shape),
      );
      expect(s1).toEqual(s0);
    }
    // The result written over its first operand, as a donated input is.
    const donated = inArena(n, a);
    expect(wasmBinary('sub', info(donated, shape), info(b, shape), donated, shape)).toBe(true);
    const expected = new Float32Array(n);
    expect(wasmBinary('sub', info(a, shape), info(b, shape), expected, shape)).toBe(true);
    expect(donated).toEqual(expected);
    const mask = Uint8Array.from(a, (v) => (v > 0 ? 1 : 0));
    const [w0, w1] = bothPlacements([a, b], n, ([x, y], out) => wasmSelect(mask, x!, y!, out));
    expect(w1).toEqual(w0);
    const [u0, u1] = bothPlacements([a], n, ([x], out) => wasmUnary('sqrt', x!, out));
    expect(u1).toEqual(u0);
    for (const axes of [[0], [1]]) {
      const length = axes[0] === 0 ? 400 : 64;
      const [r0, r1] = bothPlacements([a], length, ([x], out) =>
        wasmReduce('sum', x!, shape, axes, out),
      );
      expect(r1).toEqual(r0);
    }
  });
});
