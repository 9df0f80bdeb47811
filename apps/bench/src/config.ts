import { allCases, type Case, caseOf, MLP } from './cases.js';

export interface BenchConfig {
  readonly quick: boolean;
  /** Timed rounds, after one warm-up round that is not counted. */
  readonly rounds: number;
  /** Each sample repeats a step until this long has passed. */
  readonly minSampleMs: number;
  readonly cases: readonly Case[];
  /** W2 steps run by the memory check's fresh process. */
  readonly memorySteps: number;
}

export const FULL: BenchConfig = {
  quick: false,
  rounds: 5,
  minSampleMs: 200,
  cases: allCases(),
  memorySteps: 1000,
};

/** CI's smoke run: small sizes, one timed round; W2 keeps its real size for the loss check. */
export const QUICK: BenchConfig = {
  quick: true,
  rounds: 1,
  minSampleMs: 0,
  cases: [
    caseOf({ workload: 'W1', n: 1e4 }),
    caseOf({ workload: 'W2', ...MLP }),
    caseOf({ workload: 'W3', n: 64 }),
    caseOf({ workload: 'W4', batch: 2 }),
    caseOf({ workload: 'W5', ops: 100, size: 16 }),
  ],
  memorySteps: 20,
};

/**
 * The run's config from the command line: `--quick`, `--rounds N`, `--memory-steps N`,
 * `--systems a,b` (only these systems), `--workloads W4,W5` (only these workloads' timed cases;
 * the same-computation check still runs every workload).
 */
export function parseArgs(
  argv: readonly string[],
): BenchConfig & { systems: string[] | null; outputName: string } {
  const base = argv.includes('--quick') ? QUICK : FULL;
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (flag: string, fallback: number) => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${flag} wants a positive integer, got ${v}`);
    return n;
  };
  const systems = value('--systems')?.split(',') ?? null;
  const workloads = value('--workloads')?.split(',') ?? null;
  const known = new Set(base.cases.map((c) => c.spec.workload as string));
  const unknown = workloads?.filter((w) => !known.has(w)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`--workloads wants some of ${[...known].join(',')}, got ${unknown}`);
  }
  const cases =
    workloads === null ? base.cases : base.cases.filter((c) => workloads.includes(c.spec.workload));
  // A run of some systems or workloads writes results/partial.*, never over latest.*.
  const partial = systems !== null || workloads !== null;
  return {
    ...base,
    cases,
    rounds: number('--rounds', base.rounds),
    memorySteps: number('--memory-steps', base.memorySteps),
    systems,
    outputName: base.quick ? 'quick' : partial ? 'partial' : 'latest',
  };
}
