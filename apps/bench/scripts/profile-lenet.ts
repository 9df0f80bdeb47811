// Runs W4 (one LeNet5 training step, batch 64) in a loop, eager or compiled, and prints the
// CPU and wall time per step; run under `node --cpu-prof` to see where it goes.
// Usage: tsx --conditions=@gradkit/source scripts/profile-lenet.ts [jit|eager|eager-1-thread]
// [steps] [kernels]
import { getBackend } from '@gradkit/tensor';
import type { SystemName } from '../src/systems/registry.js';
import { openSystem } from '../src/systems/registry.js';

const mode = process.argv[2] ?? 'jit';
const steps = Number(process.argv[3] ?? 200);
const names: Record<string, SystemName> = {
  jit: 'gradkit-cpu-jit',
  eager: 'gradkit-cpu',
  'eager-1-thread': 'gradkit-cpu-1-thread',
};
const name = names[mode];
if (name === undefined)
  throw new Error(
    `profile-lenet: mode must be one of ${Object.keys(names).join(', ')}, got ${mode}`,
  );
const system = await openSystem(name);
const run = await system.prepare({ workload: 'W4', batch: 64 });
// With `kernels` as the third argument, the CPU time of each kernel and fused pass is summed
// (the process's, all threads: steadier than wall time on a busy machine).
const perKernel = new Map<string, { calls: number; ms: number }>();
let timing = false;
if (process.argv[4] === 'kernels') {
  const backend = getBackend();
  const timed = (table: Record<string, unknown>, prefix: string) => {
    for (const [name, kernel] of Object.entries(table)) {
      if (typeof kernel !== 'function') continue;
      table[name] = (...args: unknown[]) => {
        const begin = process.cpuUsage();
        const result = kernel(...args);
        if (timing) {
          const entry = perKernel.get(prefix + name) ?? { calls: 0, ms: 0 };
          entry.calls++;
          const used = process.cpuUsage(begin);
          entry.ms += (used.user + used.system) / 1000;
          perKernel.set(prefix + name, entry);
        }
        return result;
      };
    }
  };
  timed(backend.kernels as unknown as Record<string, unknown>, '');
  timed(backend.capabilities as unknown as Record<string, unknown>, 'capability ');
}
for (let i = 0; i < 20; i++) await run.step();
timing = true;
const start = process.cpuUsage();
const wallStart = performance.now();
for (let i = 0; i < steps; i++) await run.step();
const used = process.cpuUsage(start);
const wall = performance.now() - wallStart;
console.log(
  `W4 ${name}: ${((used.user + used.system) / steps / 1000).toFixed(2)} ms CPU/step (all threads), ${(wall / steps).toFixed(2)} ms wall/step over ${steps} steps`,
);
for (const [name, { calls, ms }] of [...perKernel].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(
    `${(ms / steps).toFixed(3).padStart(8)} ms/step ${String(calls / steps).padStart(4)}× ${name}`,
  );
}
run.dispose();
