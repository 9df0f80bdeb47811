import { adam, updateAndApply } from '@gradkit/optim';
import { createCpuBackend, setBackend, tensor } from '@gradkit/tensor';
setBackend(createCpuBackend({ threads: 2 }));
const sizes = { w1: 100352, b1: 128, w2: 1280, b2: 10 } as const;
const make = (n: number, k: number) => tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i * k)));
const grads = Object.fromEntries(Object.entries(sizes).map(([k, n], j) => [k, make(n, j + 2)]));
const opt = adam(1e-3);
let params = Object.fromEntries(Object.entries(sizes).map(([k, n], j) => [k, make(n, j + 7)]));
let state = opt.init(params);
const times: number[] = [];
for (let t = 1; t <= 3000; t++) {
  const s = performance.now();
  [params, state] = updateAndApply(opt, grads, state, params, { donate: true });
  times.push(performance.now() - s);
}
const med = [...times].sort((a, b) => a - b)[1500]! * 1e3;
console.log(`W2-like adam step: ${med.toFixed(1)} µs/step`);
