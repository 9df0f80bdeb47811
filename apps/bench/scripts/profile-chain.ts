// Runs W5 (valueAndGrad of the 100-op chain on a 16-element input) in a loop and prints the
// CPU time per call; run under `node --cpu-prof` or `--trace-gc` to see where it goes.
import { valueAndGrad } from '@gradkit/autograd';
import { dispose, tensor } from '@gradkit/tensor';
import { chainFn } from '../src/gradkit/chain.js';
import { chainInput } from '../src/workload-inputs.js';

const calls = Number(process.argv[2] ?? 5000);
const x = tensor(chainInput({ workload: 'W5', ops: 100, size: 16 }));
const f = valueAndGrad(chainFn(100));
const step = () => {
  const [value, gradient] = f(x);
  value.item();
  gradient.dataSync();
  dispose([value, gradient]);
};
for (let i = 0; i < 500; i++) step();
const start = process.cpuUsage();
const wallStart = performance.now();
for (let i = 0; i < calls; i++) step();
const used = process.cpuUsage(start);
const wall = performance.now() - wallStart;
console.log(
  `W5: ${((used.user + used.system) / calls).toFixed(1)} µs CPU/call, ${((wall * 1000) / calls).toFixed(1)} µs wall/call over ${calls} calls`,
);
