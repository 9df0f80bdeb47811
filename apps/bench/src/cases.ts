// The workloads and their sizes; a case is one workload at one size.

export type CaseSpec =
  | { readonly workload: 'W1'; readonly n: number }
  | {
      readonly workload: 'W2';
      readonly batch: number;
      readonly inputs: number;
      readonly hidden: number;
      readonly classes: number;
    }
  | { readonly workload: 'W3'; readonly n: number }
  | { readonly workload: 'W4'; readonly batch: number }
  | { readonly workload: 'W5'; readonly ops: number; readonly size: number };

export interface Case {
  readonly id: string;
  readonly spec: CaseSpec;
  readonly unit: string;
  /** True when a bigger number is better (GFLOP/s); otherwise the metric is a time. */
  readonly higherIsBetter: boolean;
  /** Seconds per step to the unit shown. */
  readonly metric: (secondsPerStep: number) => number;
}

export const ADAM = { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8 } as const;
export const MLP = { batch: 128, inputs: 784, hidden: 128, classes: 10 } as const;

const exponent = (n: number) => `1e${Math.round(Math.log10(n))}`;

export function caseOf(spec: CaseSpec): Case {
  switch (spec.workload) {
    case 'W1':
      return {
        id: `W1 adam N=${exponent(spec.n)}`,
        spec,
        unit: 'ns/param',
        higherIsBetter: false,
        metric: (s) => (s * 1e9) / spec.n,
      };
    case 'W2':
      return {
        id: `W2 mlp ${spec.inputs}-${spec.hidden}-${spec.classes} b${spec.batch}`,
        spec,
        unit: 'ms/step',
        higherIsBetter: false,
        metric: (s) => s * 1e3,
      };
    case 'W3':
      return {
        id: `W3 matmul ${spec.n}²`,
        spec,
        unit: 'GFLOP/s',
        higherIsBetter: true,
        metric: (s) => (2 * spec.n ** 3) / s / 1e9,
      };
    case 'W4':
      return {
        id: `W4 lenet5 b${spec.batch}`,
        spec,
        unit: 'ms/step',
        higherIsBetter: false,
        metric: (s) => s * 1e3,
      };
    case 'W5':
      return {
        id: `W5 grad chain ${spec.ops}×${spec.size}`,
        spec,
        unit: 'µs/call',
        higherIsBetter: false,
        metric: (s) => s * 1e6,
      };
  }
}

/** Every case of a run, in table order. */
export function allCases(): Case[] {
  return [
    ...[1e4, 1e6, 1e7].map((n) => caseOf({ workload: 'W1', n })),
    caseOf({ workload: 'W2', ...MLP }),
    ...[256, 512, 1024].map((n) => caseOf({ workload: 'W3', n })),
    caseOf({ workload: 'W4', batch: 64 }),
    caseOf({ workload: 'W5', ops: 100, size: 16 }),
  ];
}
