import { type CaseSpec, caseOf, MLP } from './cases.js';
import type { VerifyCase } from './protocol.js';

/**
 * What every system must compute alike, on fresh state: W2 is the check the issue asks
 * for; the others catch a system that skips work on the timed workloads.
 */
export function verifyCases(quick: boolean): VerifyCase[] {
  const specs: [CaseSpec, number][] = [
    [{ workload: 'W1', n: 1e4 }, 3],
    [{ workload: 'W2', ...MLP }, quick ? 3 : 5],
    [{ workload: 'W3', n: 64 }, 1],
    [{ workload: 'W4', batch: 2 }, 2],
    [{ workload: 'W5', ops: 100, size: 16 }, 1],
  ];
  return specs.map(([spec, steps]) => ({ id: caseOf(spec).id, spec, steps }));
}
