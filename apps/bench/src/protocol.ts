import type { CaseSpec } from './cases.js';
import type { SystemName } from './systems/registry.js';

// Messages between the parent and a system's child process (Node IPC, structured clone).

/** A case that did not run, and why. */
export interface Skipped {
  readonly skipped: string;
}

export type Request =
  | { readonly type: 'open'; readonly system: SystemName }
  | { readonly type: 'verify'; readonly cases: readonly VerifyCase[] }
  | { readonly type: 'round'; readonly cases: readonly RoundCase[]; readonly minSampleMs: number }
  | { readonly type: 'memory'; readonly spec: CaseSpec; readonly steps: number };

export interface VerifyCase {
  readonly id: string;
  readonly spec: CaseSpec;
  readonly steps: number;
}

export interface RoundCase {
  readonly id: string;
  readonly spec: CaseSpec;
}

export interface MemoryReport {
  readonly steps: number;
  /** Peak resident set of the process (bytes), its whole life: it ran only W2. */
  readonly peakRssBytes: number;
  readonly liveTensors: number | null;
  readonly lastLoss: number;
}

export type Reply =
  | { readonly type: 'opened' }
  | { readonly type: 'verified'; readonly outputs: Record<string, number[] | Skipped> }
  | { readonly type: 'samples'; readonly seconds: Record<string, number | Skipped> }
  | { readonly type: 'memory'; readonly report: MemoryReport }
  | { readonly type: 'failed'; readonly reason: string };
