import type { CaseSpec } from '../cases.js';

/** One case prepared on one system: its state lives until `dispose`. */
export interface CaseRun {
  /** One step (an Adam step, a training step, a matmul, a gradient call), finished. */
  step(): void | Promise<void>;
  /**
   * What the steps computed, to compare across systems: W1 the parameters, W2 and W4 the
   * losses of every step so far, W3 the product, W5 the value then the gradient.
   */
  output(): Promise<ArrayLike<number>>;
  dispose(): void;
}

export interface System {
  readonly name: string;
  /** Throws `Unsupported` for a workload this system does not run, with the reason. */
  prepare(spec: CaseSpec): Promise<CaseRun>;
  /** Live tensors (arrays) the library tracks, if it counts them. */
  liveTensors(): number | undefined;
}

/** A workload a system cannot run; the reason goes in the table. */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}
