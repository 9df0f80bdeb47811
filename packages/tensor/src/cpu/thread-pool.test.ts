// The CPU backend's worker threads: memory flat over 10,000 training steps, results equal to
// one thread's (bit for bit, except the conv2d filter gradient's last bits), the same bits
// run after run, and faults (a worker that crashes or stops answering, a WebAssembly trap)
// that give a BackendError naming the op and leave the backend usable.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import { donate } from '../donation.js';
import { runPrimitive, withBackend } from '../engine.js';
import { BackendError } from '../errors.js';
import type { ElementwiseExpression } from '../fused/elementwise-expression.js';
import { fusedElementwiseOutputs } from '../fused/fused-elementwise-outputs.js';
import { memory } from '../memory.js';
import { relu } from '../ops/activation.js';
import { greater, mul } from '../ops/binary.js';
import { conv2d } from '../ops/conv2d.js';
import { matmul } from '../ops/matmul.js';
import { avgPool2d, maxPool2d } from '../ops/pool2d.js';
import { sum } from '../ops/reduce.js';
import { reshape } from '../ops/reshape.js';
import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { createCpuBackend } from './cpu-backend.js';
import { arenaUsage } from './shared-arena.js';
import {
  cpuThreadStats,
  crashWorkerForTesting,
  killWorkerForTesting,
  runParts,
  setPartStealing,
  setPoolTimeouts,
  stopWorkers,
  workerCount,
} from './thread-pool.js';
import { wasmRuntime } from './wasm-runtime.js';

afterEach(() => {
  setPoolTimeouts({ pickUp: 10_000, finish: 600_000 });
  setPartStealing(true);
});
afterAll(() => stopWorkers());

const values = (length: number, seed: number) =>
  Float32Array.from({ length }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) * 1.5);

/** Every heavy float32 op, sized above the split thresholds, as flat arrays. */
function workload(threads: number): Float32Array[] {
  return withBackend(createCpuBackend({ threads }), () => {
    const x = tensor(values(8 * 8 * 18 * 18, 1), [8, 8, 18, 18]);
    const w = tensor(values(16 * 8 * 3 * 3, 2), [16, 8, 3, 3]);
    const a = tensor(values(96 * 80, 3), [96, 80]);
    const b = tensor(values(80 * 72, 4), [80, 72]);
    const wide = tensor(values(8 * 80, 5), [8, 80]);
    const big = tensor(values(8 * 8 * 64 * 64, 6), [8, 8, 64, 64]);
    const options = { stride: 1, padding: 1 } as const;
    const outputs: Tensor[] = [
      conv2d(x, w, options),
      conv2d(x, tensor(values(16 * 2 * 3 * 3, 7), [16, 2, 3, 3]), { groups: 4, stride: 2 }),
      matmul(a, b),
      matmul(wide, tensor(values(80 * 4000, 8), [80, 4000])),
      // A batch of small products against one broadcast matrix, B transposed.
      matmul(tensor(values(16 * 32 * 48, 9), [16, 32, 48]), tensor(values(40 * 48, 10), [40, 48]), {
        transposeB: true,
      }),
      maxPool2d(big, { kernelSize: 2, stride: 2 }),
      avgPool2d(big, { kernelSize: 3, stride: 2, padding: 1 }),
    ];
    return outputs.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

describe('CPU worker threads', () => {
  it('give the same bits as one thread for matmul, conv2d and pooling', () => {
    const one = workload(1);
    // The workers run their parts (none taken back by the caller).
    setPartStealing(false);
    const two = workload(2);
    setPartStealing(true);
    expect(workerCount()).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < one.length; i++) expect(two[i]).toEqual(one[i]);
    expect(workload(3)).toEqual(one);
  });

  it('give the same bits run after run', () => {
    expect(workload(2)).toEqual(workload(2));
  });
});

/** conv2d's filter gradient: per-thread sums added at the end. */
function filterGradient(threads: number): Float32Array {
  return withBackend(createCpuBackend({ threads }), () => {
    const x = tensor(values(16 * 6 * 14 * 14, 1), [16, 6, 14, 14]);
    const dy = tensor(values(16 * 16 * 10 * 10, 2), [16, 16, 10, 10]);
    const params = {
      stride: [1, 1],
      padding: [0, 0, 0, 0],
      dilation: [1, 1],
      groups: 1,
      filterShape: [16, 6, 5, 5],
    } as const;
    const output = { shape: [16, 6, 5, 5], dtype: 'float32' } as const;
    const dw = runPrimitive('conv2dBackpropFilter', [x, dy], params, output);
    return Float32Array.from(dw.dataSync() as Float32Array);
  });
}

describe('conv2d filter gradient on threads', () => {
  it('gives the same bits run after run, and matches one thread to float32 rounding', () => {
    const two = filterGradient(2);
    expect(filterGradient(2)).toEqual(two);
    const one = filterGradient(1);
    for (let i = 0; i < one.length; i++) {
      expect(Math.abs(two[i]! - one[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(one[i]!)));
    }
  });
});

describe('CPU worker threads over many steps', () => {
  const adamTrees = (): ElementwiseExpression[] => {
    const input = (index: number): ElementwiseExpression => ({ op: 'input', index });
    const constant = (value: number): ElementwiseExpression => ({ op: 'constant', value });
    const m: ElementwiseExpression = {
      op: 'add',
      a: { op: 'mul', a: input(1), b: constant(0.9) },
      b: { op: 'mul', a: input(3), b: constant(0.1) },
    };
    const v: ElementwiseExpression = {
      op: 'add',
      a: { op: 'mul', a: input(2), b: constant(0.999) },
      b: { op: 'mul', a: { op: 'mul', a: input(3), b: input(3) }, b: constant(0.001) },
    };
    const step: ElementwiseExpression = {
      op: 'div',
      a: { op: 'mul', a: m, b: constant(1e-4) },
      b: { op: 'add', a: { op: 'sqrt', x: v }, b: constant(1e-8) },
    };
    return [{ op: 'sub', a: input(0), b: step }, m, v];
  };

  // A convolution, pooling and a dense layer, forward and backward, then an in-place Adam
  // update of the dense weights: every kernel, the update included, is sized just above the
  // size where it splits over two threads, and the large arrays live in the shared arena.
  it('keep live tensors, backend buffers, the arena and wasm memory flat over 10,000 training steps', () => {
    const backend = createCpuBackend({ threads: 2 });
    withBackend(backend, () => {
      const conv = { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } as const;
      const pool = { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0] } as const;
      const f32 = (shape: readonly number[]) => ({ shape, dtype: 'float32' }) as const;
      // 4 images: conv2d and its filter gradient 4·8·64²·9 multiply-adds, pooling over
      // 131,072 elements, the dense layer's products 4·8192·16, Adam over 131,072 weights.
      const x = tensor(values(4 * 66 * 66, 1), [4, 1, 66, 66]);
      const filter = tensor(values(8 * 9, 2), [8, 1, 3, 3]);
      let dense = tensor(
        values(8192 * 16, 3).map((v) => v * 0.01),
        [8192, 16],
      );
      let firstMoment = zeros([8192, 16]);
      let secondMoment = zeros([8192, 16]);
      const step = () => {
        const next = scope(() => {
          const y = relu(conv2d(x, filter));
          const pooled = maxPool2d(y, { kernelSize: 2, stride: 2 });
          const flat = reshape(pooled, [4, 8192]);
          // Loss ½‖logits‖²: its gradient is the logits.
          const logits = matmul(flat, dense);
          const dDense = matmul(flat, logits, { transposeA: true });
          const dFlat = matmul(logits, dense, { transposeB: true });
          const dPooled = reshape(dFlat, pooled.shape);
          const dRelu = runPrimitive('maxPool2dBackprop', [y, dPooled], pool, f32(y.shape));
          const dy = mul(dRelu, greater(y, 0));
          const dFilter = runPrimitive(
            'conv2dBackpropFilter',
            [x, dy],
            { ...conv, filterShape: filter.shape },
            f32(filter.shape),
          );
          // The filter's gradient goes through the threaded kernel; it stays fixed, so every
          // step does the same work.
          sum(dFilter).dispose();
          return fusedElementwiseOutputs(
            adamTrees(),
            [donate(dense), donate(firstMoment), donate(secondMoment), dDense],
            { into: [0, 1, 2] },
          );
        });
        [dense, firstMoment, secondMoment] = next as [Tensor, Tensor, Tensor];
      };
      const usage = () => ({
        ...memory(),
        wasm: wasmRuntime()!.memory.buffer.byteLength,
        arena: arenaUsage(),
      });
      for (let i = 0; i < 100; i++) step();
      const parts = cpuThreadStats().partsOnWorkers;
      const before = usage();
      for (let i = 0; i < 10_000; i++) step();
      const after = usage();
      expect(after.tensors).toBe(before.tensors);
      expect(after.backends.cpu!.backendBuffers).toBe(before.backends.cpu!.backendBuffers);
      expect(after.backends.cpu!.backendBytes).toBe(before.backends.cpu!.backendBytes);
      expect(after.wasm).toBe(before.wasm);
      expect(after.arena.liveBytes).toBe(before.arena.liveBytes);
      expect(after.arena.arenaBytes).toBe(before.arena.arenaBytes);
      // The large arrays are in the arena, and workers ran parts of the steps.
      expect(before.arena.liveBytes).toBeGreaterThanOrEqual(3 * 8192 * 16 * 4);
      expect(cpuThreadStats().partsOnWorkers).toBeGreaterThan(parts);
      expect(Number.isFinite(sum(dense).item() as number)).toBe(true);
    });
    expect(workerCount()).toBeGreaterThanOrEqual(1);
  });
});

describe('CPU worker thread faults', () => {
  // Each test needs worker 1 to run part 1: the caller must not take it back.
  beforeEach(() => setPartStealing(false));

  it('a WebAssembly trap on a worker or on the caller is a BackendError naming the op', () => {
    const wasm = wasmRuntime()!;
    expect(wasm.shared).toBe(true);
    const trap = [{ fn: 'addInto', args: [0x7ffffff0, 0x7ffffff0, 64] }] as const;
    const fine = [{ fn: 'addInto', args: [16, 16, 0] }] as const;
    expect(() => runParts('testOp', [fine, trap])).toThrow(BackendError);
    expect(() => runParts('testOp', [fine, trap])).toThrow(
      /testOp: .*worker thread 1.*out of bounds/,
    );
    expect(() => runParts('testOp', [trap, fine])).toThrow(/testOp: WebAssembly kernel failed/);
    // The pool still works.
    expect(workload(2)).toEqual(workload(1));
  });

  it('a worker that crashes mid-op is a BackendError naming the op; the next op restarts it', () => {
    const expected = workload(1);
    workload(2);
    crashWorkerForTesting(1);
    const backend = createCpuBackend({ threads: 2 });
    const x = withBackend(backend, () => tensor(values(8 * 8 * 64 * 64, 6), [8, 8, 64, 64]));
    let error: unknown;
    try {
      withBackend(backend, () => maxPool2d(x, { kernelSize: 2, stride: 2 }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).message).toMatch(/^maxPool2d: CPU worker thread 1 stopped/);
    expect(workload(2)).toEqual(expected);
  });

  it('a part a dead worker never picked up runs on the calling thread, after the watchdog', () => {
    const expected = workload(1);
    workload(2);
    // Terminated behind the pool's back: it never picks the next part up, and this thread,
    // blocked, cannot see its 'exit' event.
    killWorkerForTesting(1);
    setPoolTimeouts({ pickUp: 500 });
    expect(workload(2)).toEqual(expected);
    expect(workload(2)).toEqual(expected);
    expect(workerCount()).toBeGreaterThanOrEqual(1);
  });
});

describe('createCpuBackend({ threads })', () => {
  it('rejects a thread count that is not a positive integer', () => {
    expect(() => createCpuBackend({ threads: 0 })).toThrow(
      /createCpuBackend: argument 'threads' must be a positive integer, got 0/,
    );
    expect(() => createCpuBackend({ threads: 1.5 })).toThrow(/got 1.5/);
  });
});
