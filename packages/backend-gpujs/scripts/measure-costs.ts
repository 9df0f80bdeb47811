// Simple timings of this backend per mode, beside the CPU reference backend:
//   npx tsx --conditions=@gradkit/source scripts/measure-costs.ts [mode ...]
// Medians of steady-state calls, including readback of the result.
import {
  add,
  type Backend,
  createCpuBackend,
  type ElementwiseExpression,
  fusedElementwiseOutputs,
  matmul,
  random,
  type Tensor,
  withBackend,
  zeros,
} from '@gradkit/tensor';
import { createGpujsBackend, type GpujsModeRequest } from '../src/index.js';

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median milliseconds of `fn` over `repeats` calls after one warm-up call (the compile). */
function time(repeats: number, fn: () => Tensor[]): { first: number; median: number } {
  const run = () => {
    const start = performance.now();
    const outputs = fn();
    for (const t of outputs) t.dataSync();
    const elapsed = performance.now() - start;
    for (const t of outputs) t.dispose();
    return elapsed;
  };
  const first = run();
  return { first, median: median(Array.from({ length: repeats }, run)) };
}

function measure(backend: Backend): Record<string, string> {
  return withBackend(backend, () => {
    const key = random.key(0);
    const tiny = random.normal(key, [16]);
    const a256 = random.normal(key, [256, 256]);
    const a512 = random.normal(key, [512, 512]);
    const g = random.normal(key, [1_000_000]);
    const m = zeros([1_000_000]);
    const v = zeros([1_000_000]);
    const show = ({ first, median }: { first: number; median: number }, unit = 'ms', scale = 1) =>
      `${(median * scale).toFixed(unit === 'µs' ? 0 : 1)} ${unit} (first ${first.toFixed(1)} ms)`;
    // Adam's moments and direction over [g, m, v] as three fused trees (bias corrections 3 steps in).
    const input = (index: number): ElementwiseExpression => ({ op: 'input', index });
    const constant = (value: number): ElementwiseExpression => ({ op: 'constant', value });
    const m1: ElementwiseExpression = {
      op: 'add',
      a: { op: 'mul', a: input(1), b: constant(0.9) },
      b: { op: 'mul', a: input(0), b: constant(0.1) },
    };
    const v1: ElementwiseExpression = {
      op: 'add',
      a: { op: 'mul', a: input(2), b: constant(0.999) },
      b: { op: 'mul', a: { op: 'mul', a: input(0), b: input(0) }, b: constant(0.001) },
    };
    const update: ElementwiseExpression = {
      op: 'mul',
      a: {
        op: 'div',
        a: { op: 'div', a: m1, b: constant(1 - 0.9 ** 3) },
        b: {
          op: 'add',
          a: { op: 'sqrt', x: { op: 'div', a: v1, b: constant(1 - 0.999 ** 3) } },
          b: constant(1e-8),
        },
      },
      b: constant(-1e-3),
    };
    const adam = () => fusedElementwiseOutputs([update, m1, v1], [g, m, v]);
    const result = {
      'add N=16 (per call)': show(
        time(200, () => [add(tiny, 1)]),
        'µs',
        1000,
      ),
      'matmul 256': show(time(5, () => [matmul(a256, a256)])),
      'matmul 512': show(time(3, () => [matmul(a512, a512)])),
      'Adam step N=1e6': show(time(5, adam)),
    };
    for (const t of [tiny, a256, a512, g, m, v]) t.dispose();
    return result;
  });
}

const requested = (process.argv.slice(2) as GpujsModeRequest[]).filter(Boolean);
const modes: GpujsModeRequest[] = requested.length > 0 ? requested : ['cpu', 'webasm'];
const rows: Record<string, Record<string, string>> = {
  'reference cpu backend': measure(createCpuBackend()),
};
for (const mode of modes) {
  const start = performance.now();
  const backend = await createGpujsBackend({ mode });
  const opened = performance.now() - start;
  rows[`gpujs ${backend.mode} (opened in ${opened.toFixed(0)} ms)`] = measure(backend);
  await backend.dispose();
}
console.table(rows);
