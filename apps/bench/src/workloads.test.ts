// Each system's workloads on tiny sizes against the plain-JS loops: the same numbers, so
// the benchmark times the same work everywhere.
import { describe, expect, it } from 'vitest';
import { checkAgreement, TOLERANCE } from './agreement.js';
import type { CaseSpec } from './cases.js';
import { openSystem, type SystemName } from './systems/registry.js';
import { Unsupported } from './systems/system.js';

const TINY: [string, CaseSpec, number][] = [
  ['W1', { workload: 'W1', n: 37 }, 3],
  ['W2', { workload: 'W2', batch: 4, inputs: 6, hidden: 5, classes: 3 }, 4],
  ['W3', { workload: 'W3', n: 7 }, 1],
  ['W4', { workload: 'W4', batch: 2 }, 2],
  ['W5', { workload: 'W5', ops: 8, size: 4 }, 1],
];
const SYSTEMS: SystemName[] = [
  'plain-js',
  'gradkit-cpu',
  'tfjs-cpu',
  'tfjs-wasm',
  'jax-js-eager',
  'jax-js-jit',
];

async function outputs(name: SystemName) {
  const system = await openSystem(name);
  const result: Record<string, number[] | { skipped: string }> = {};
  for (const [id, spec, steps] of TINY) {
    try {
      const run = await system.prepare(spec);
      for (let i = 0; i < steps; i++) await run.step();
      result[id] = Array.from(await run.output());
      run.dispose();
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      result[id] = { skipped: error.message };
    }
  }
  return result;
}

describe('workloads on tiny sizes', () => {
  it('compute the same numbers on every system', async () => {
    const all: Record<string, Awaited<ReturnType<typeof outputs>>> = {};
    for (const name of SYSTEMS) all[name] = await outputs(name);
    for (const [id, spec] of TINY) {
      const perSystem = Object.fromEntries(SYSTEMS.map((s) => [s, all[s]![id]!]));
      const agreement = checkAgreement(
        perSystem,
        ['plain-js', 'gradkit-cpu'],
        TOLERANCE[spec.workload],
      );
      expect(agreement.disagreeing, `${id}: ${JSON.stringify(agreement.worst)}`).toEqual([]);
      const compared = Object.values(agreement.worst).filter((w) => typeof w === 'number');
      expect(compared.length, id).toBeGreaterThanOrEqual(2);
    }
    // W2 and W4 losses fall: the steps really train.
    const losses = all['plain-js']!.W2 as number[];
    expect(losses[3]!).toBeLessThan(losses[0]!);
    const lenet = all['plain-js']!.W4 as number[];
    expect(lenet[1]!).toBeLessThan(lenet[0]!);
  });
});
