import type { Backend } from '../../backend.js';
import { assertTensorClose } from '../close.js';
import { capabilityTests } from './capability-checks.js';
import type { ConformanceHarness } from './harness.js';
import { referenceFixtureTests } from './reference-fixtures.js';
import { seededReferenceTests } from './seeded-reference-checks.js';

/** What `runBackendConformance` runs against. */
export interface ConformanceOptions {
  /** The backend under test, already opened. */
  readonly backend: Backend;
  /**
   * Full names ("suite test") of the tests the backend is documented not to pass, with
   * their reasons kept beside the list; they are not registered.
   */
  readonly gaps?: readonly string[];
  /**
   * The closeness check; defaults to `assertTensorClose`. A backend that reads back
   * asynchronously only passes one that awaits `data()`.
   */
  readonly assertClose?: typeof assertTensorClose;
}

/**
 * Registers the backend conformance suite with a test runner: every primitive and op
 * against the NumPy / PyTorch reference fixtures (the cases whose dtypes the backend
 * stores), every primitive and composite on seeded random inputs against the same op in float64
 * on the CPU backend (including the primitives of the conv2d and pooling gradients), and the
 * optional capabilities (fused elementwise trees, one or several per pass) and
 * donation against the composed ops on the CPU reference backend. Gradients are checked by
 * @gradkit/autograd's own suite. Call it from a test file of the backend's package.
 *
 * @example
 * ```ts
 * import { createCpuBackend } from '@gradkit/tensor';
 * import { runBackendConformance } from '@gradkit/tensor/testing';
 *
 * // Vitest's { describe, it } fit as they are; here a runner that runs each test at once.
 * const failures: string[] = [];
 * runBackendConformance(
 *   {
 *     describe: (_name, body) => body(),
 *     it: (name, body) => {
 *       try {
 *         void body();
 *       } catch {
 *         failures.push(name);
 *       }
 *     },
 *   },
 *   { backend: createCpuBackend() },
 * );
 * ```
 */
export function runBackendConformance(
  harness: ConformanceHarness,
  options: ConformanceOptions,
): void {
  const gaps = new Set(options.gaps ?? []);
  const assertClose = options.assertClose ?? assertTensorClose;
  referenceFixtureTests(harness, options.backend, assertClose, gaps);
  seededReferenceTests(harness, options.backend, assertClose, gaps);
  capabilityTests(harness, options.backend, assertClose, gaps);
}
