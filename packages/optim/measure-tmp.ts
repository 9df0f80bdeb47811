import { adam, updateAndApply } from '@gradkit/optim';
import { createCpuBackend, setBackend, tensor } from '@gradkit/tensor';
setBackend(createCpuBackend({ threads: 2 }));
for (const n of [16, 1e4]) {
  const g = tensor(Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 0.1));
  const opt = adam(1e-3);
  let params = { p: tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i))) };
  let state = opt.init(params);
  const times: number[] = [];
  for (let t = 1; t <= 3000; t++) {
    const s = performance.now();
    [params, state] = updateAndApply(opt, { p: g }, state, params, { donate: true });
    times.push(performance.now() - s);
  }
  const med = [...times].sort((a, b) => a - b)[1500]! * 1e3;
  console.log(`N ${n}: ${med.toFixed(1)} µs/step`);
}
