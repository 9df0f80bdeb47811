/**
 * Times the CPU backend's float32 matmul with the WebAssembly SIMD kernel and with the JS
 * kernel (the fallback, and the only kernel before), interleaved in one process so both see
 * the same machine load; prints medians. Not part of the package build.
 *
 *   cd packages/tensor && npx tsx src/cpu/measure-matmul.ts [rounds]
 */

import { setBackend } from '../engine.js';
import { matmul } from '../ops/matmul.js';
import { random } from '../random/index.js';
import { scope } from '../scope.js';
import type { Tensor } from '../tensor.js';
import { createCpuBackend } from './cpu-backend.js';
import { setWasmGemmEnabled } from './wasm-gemm.js';

setBackend(createCpuBackend());
const rounds = Number(process.argv[2] ?? 5);

type Case = { name: string; flops: number; run: () => void };

function square(size: number): Case {
  const key = random.key(size);
  const a = random.normal(key, [size, size]);
  const b = random.normal(random.split(key)[1]!, [size, size]);
  return {
    name: `${size}²`,
    flops: 2 * size ** 3,
    run: () => scope(() => void matmul(a, b).dataSync()),
  };
}

/** The matmuls of one W2 step (MLP 784-128-10, batch 128): forward and backward. */
function mlpStep(): Case {
  const key = random.key(1);
  const t = (shape: number[], i: number): Tensor => random.normal(random.split(key, 8)[i]!, shape);
  const [x, w1, h, w2, dh, dy] = [
    t([128, 784], 0),
    t([784, 128], 1),
    t([128, 128], 2),
    t([128, 10], 3),
    t([128, 128], 4),
    t([128, 10], 5),
  ];
  const shapes = [
    [128, 784, 128],
    [128, 128, 10],
    [128, 10, 128],
    [128, 128, 10],
    [784, 128, 128],
  ];
  return {
    name: 'W2 step matmuls',
    flops: shapes.reduce((sum, [m, k, n]) => sum + 2 * m! * k! * n!, 0),
    run: () =>
      scope(() => {
        matmul(x, w1).dataSync(); // h = x w1
        matmul(h, w2).dataSync(); // y = h w2
        matmul(dy, w2, { transposeB: true }).dataSync(); // dh = dy w2^T
        matmul(h, dy, { transposeA: true }).dataSync(); // dw2 = h^T dy
        matmul(x, dh, { transposeA: true }).dataSync(); // dw1 = x^T dh
      }),
  };
}

function timeOnce(run: () => void, minMs: number): number {
  let reps = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs || reps < 2) {
    run();
    reps++;
    elapsed = performance.now() - start;
  }
  return elapsed / reps;
}

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;

const cases = [square(64), square(128), square(256), square(512), square(1024), mlpStep()];
console.log(`| case | JS kernel GFLOP/s | WebAssembly GFLOP/s | speedup | ms JS → wasm |`);
console.log(`|---|---|---|---|---|`);
for (const c of cases) {
  const times: Record<'js' | 'wasm', number[]> = { js: [], wasm: [] };
  const minMs = c.flops > 1e9 ? 1 : 300;
  for (const on of [true, false]) {
    setWasmGemmEnabled(on);
    c.run(); // warm up (and let V8 tier the kernels up)
  }
  for (let r = 0; r < rounds; r++) {
    for (const on of r % 2 === 0 ? [true, false] : [false, true]) {
      setWasmGemmEnabled(on);
      times[on ? 'wasm' : 'js'].push(timeOnce(c.run, minMs));
    }
  }
  const js = median(times.js);
  const wasm = median(times.wasm);
  const gflops = (ms: number) => (c.flops / ms / 1e6).toFixed(1);
  console.log(
    `| ${c.name} | ${gflops(js)} | ${gflops(wasm)} | ${(js / wasm).toFixed(1)}x | ${js.toFixed(2)} → ${wasm.toFixed(2)} |`,
  );
}
setWasmGemmEnabled(true);
