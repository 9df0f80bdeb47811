// The page side of test-browser-threads.mjs: warms the worker pool up, runs the workload on
// one and on two threads and leaves the bits and the pool's counters in globalThis.threads.
import { cpuThreadStats } from '../../dist/testing/index.js';
import { threadsWorkload } from './threads-workload.mjs';

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  // A page's main thread cannot block: its workers start in the background while the first
  // ops run here, so wait (without blocking) until they are ready or threads are ruled out.
  threadsWorkload(2);
  const deadline = performance.now() + 30_000;
  while (
    cpuThreadStats().readyWorkers < 1 &&
    cpuThreadStats().singleThreadReason === null &&
    performance.now() < deadline
  ) {
    await pause(20);
  }
  const ready = cpuThreadStats();
  const one = threadsWorkload(1);
  const before = cpuThreadStats().partsOnWorkers;
  const two = threadsWorkload(2);
  const twoAgain = threadsWorkload(2);
  const after = cpuThreadStats();
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    readyWorkers: ready.readyWorkers,
    partsOnWorkers: after.partsOnWorkers - before,
    singleThreadReason: after.singleThreadReason ?? null,
    one,
    two,
    twoAgain,
  };
}

main().then(
  (outcome) => {
    globalThis.threads = outcome;
  },
  (error) => {
    globalThis.threads = { error: String(error?.stack ?? error) };
  },
);
